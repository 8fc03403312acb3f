import { AssignerProtocol, type Cluster } from 'kafkajs';
import { chooseOwner, stickyAssigner } from './sticky-assigner';

const member = (memberId: string, info: unknown) => ({
  memberId,
  memberMetadata: AssignerProtocol.MemberMetadata.encode({
    version: 1,
    topics: ['req'],
    userData: Buffer.from(typeof info === 'string' ? info : JSON.stringify(info)),
  }),
});

describe('sticky assigner', () => {
  it('keeps the partition with the member that holds it, else gives it to the oldest', () => {
    expect(
      chooseOwner([
        member('a', { holding: false, startedAt: 1 }),
        member('b', { holding: true, startedAt: 9 }),
      ]),
    ).toBe('b');
    expect(
      chooseOwner([
        member('a', { holding: false, startedAt: 5 }),
        member('b', { holding: false, startedAt: 2 }),
      ]),
    ).toBe('b');
    expect(
      chooseOwner([
        member('b', { holding: false, startedAt: 2 }),
        member('a', { holding: false, startedAt: 2 }),
      ]),
    ).toBe('a');
  });

  it('treats unreadable member data as the least preferred', () => {
    expect(chooseOwner([member('a', 'garbage'), member('b', { holding: false, startedAt: 99 })])).toBe('b');
    expect(chooseOwner([])).toBeUndefined();
  });

  it('assigns every partition to the chosen member and none to the others', async () => {
    const cluster = { findTopicPartitionMetadata: () => [{ partitionId: 0 }] } as unknown as Cluster;
    const assigner = stickyAssigner(() => ({ holding: true, startedAt: 1 }))({
      cluster,
      groupId: 'g',
      logger: undefined as never,
    });
    const own = assigner.protocol({ topics: ['req'] });
    const result = await assigner.assign({
      members: [
        { memberId: 'me', memberMetadata: own.metadata },
        member('other', { holding: false, startedAt: 0 }),
      ],
      topics: ['req'],
    });
    const decoded = result.map((r) => [
      r.memberId,
      AssignerProtocol.MemberAssignment.decode(r.memberAssignment)?.assignment,
    ]);
    expect(decoded).toEqual([
      ['me', { req: [0] }],
      ['other', {}],
    ]);
  });
});
