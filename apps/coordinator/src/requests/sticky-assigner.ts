import { AssignerProtocol, type GroupMember, type PartitionAssigner } from 'kafkajs';

/** What each member tells the group leader when it joins. */
type MemberInfo = { holding: boolean; startedAt: number };

export const STICKY_ASSIGNER_NAME = 'CoordinatorSticky';

/**
 * Everything goes to one member, and it stays there: the member that already holds the request
 * partition keeps it; otherwise the longest-running member gets it. So a coordinator that joins (a
 * restarted standby) never takes the work away from a healthy active one, and failover happens only
 * when the active one leaves or dies. (kafkajs's round-robin would move it to the lowest member id.)
 */
export function stickyAssigner(self: () => MemberInfo): PartitionAssigner {
  return ({ cluster }) => ({
    name: STICKY_ASSIGNER_NAME,
    version: 1,
    async assign({ members, topics }) {
      const chosen = chooseOwner(members);
      const assignment: Record<string, number[]> = {};
      for (const topic of topics) {
        assignment[topic] = cluster.findTopicPartitionMetadata(topic).map((p) => p.partitionId);
      }
      return members.map(({ memberId }) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 1,
          assignment: memberId === chosen ? assignment : {},
          userData: Buffer.alloc(0),
        }),
      }));
    },
    protocol({ topics }) {
      return {
        name: STICKY_ASSIGNER_NAME,
        metadata: AssignerProtocol.MemberMetadata.encode({
          version: 1,
          topics,
          userData: Buffer.from(JSON.stringify(self())),
        }),
      };
    },
  });
}

/** The member that gets the partitions (exported for tests). */
export function chooseOwner(members: readonly GroupMember[]): string | undefined {
  const ranked = members.map((m) => ({ memberId: m.memberId, ...readInfo(m.memberMetadata) }));
  ranked.sort(
    (a, b) =>
      Number(b.holding) - Number(a.holding) ||
      a.startedAt - b.startedAt ||
      a.memberId.localeCompare(b.memberId),
  );
  return ranked[0]?.memberId;
}

function readInfo(metadata: Buffer): MemberInfo {
  try {
    const decoded = AssignerProtocol.MemberMetadata.decode(metadata);
    const info: unknown = JSON.parse(decoded?.userData.toString('utf8') ?? '{}');
    const { holding, startedAt } = (info ?? {}) as Partial<MemberInfo>;
    return {
      holding: holding === true,
      startedAt:
        typeof startedAt === 'number' && Number.isFinite(startedAt) ? startedAt : Number.MAX_SAFE_INTEGER,
    };
  } catch {
    return { holding: false, startedAt: Number.MAX_SAFE_INTEGER };
  }
}
