// Notable things the simulator reports (the CLI prints each as one JSON line). Never per tick.
export type SimEvent = { event: string } & Record<string, unknown>;

export type EventSink = (event: SimEvent) => void;
