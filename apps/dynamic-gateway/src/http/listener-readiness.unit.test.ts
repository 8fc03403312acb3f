import { stubGateway } from '../testing/stub-gateway';

describe("the listener's readiness metrics", () => {
  let s: ReturnType<typeof stubGateway>;
  let base = '';

  beforeEach(async () => {
    s = stubGateway();
    base = `http://127.0.0.1:${await s.listener.start()}`;
  });
  afterEach(() => s.listener.stop(50));

  it('export the last /readyz outcome and count its losses, a failing check included', async () => {
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    let metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('service_ready{service="gw-test"} 1');

    s.faults.readiness = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(500);
    metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('service_ready{service="gw-test"} 0');
    expect(metrics).toContain('service_readiness_changes_total{to="not_ready",service="gw-test"} 1');
  });
});
