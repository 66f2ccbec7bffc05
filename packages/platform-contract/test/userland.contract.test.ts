/** The whole platform contract on the real SharedMemory platform. */
import { describeContract } from "./support/contract-vitest";
import { userlandSubject } from "./support/platforms";

describeContract(userlandSubject, [
  "isolation: Isolated spaces hold different bytes at the same virtual address",
  "fork: an Isolated clone shares frames until they are written (copy-on-write, seen in resourceStats)",
]);
