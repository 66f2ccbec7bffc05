/**
 * The built-in suites, in report order. A new suite is one more line here.
 *
 * @module
 */
import type { Suite } from "../model/case";
import { coreSuite } from "./core";
import { ntGuestSuite, posixGuestSuite } from "./guest-suite";
import { platformContractSuite } from "./platform-contract";
import { portableSuite } from "./portable/index";

/** Every built-in suite. */
export const BUILTIN_SUITES: readonly Suite[] = [
  coreSuite,
  platformContractSuite,
  portableSuite,
  posixGuestSuite,
  ntGuestSuite,
];
