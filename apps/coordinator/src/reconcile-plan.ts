export type ReconcileReport = {
  completed: number;
  recreated: number;
  failed: number;
  deleted: number;
  finished: number;
};
