/** The whole platform contract on the real Isolated platform. */
import { describeContract } from "./support/contract-vitest";
import { kernelSimSubject } from "./support/platforms";

describeContract(kernelSimSubject, [
  "isolation: SharedMemory ranges are pairwise disjoint, also after spaces are destroyed and re-created",
]);
