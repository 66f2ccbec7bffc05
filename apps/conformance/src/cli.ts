#!/usr/bin/env node
/**
 * `litebox-conformance`: runs the conformance suite on every shim × platform pair.
 * (Skeleton: prints the matrix of what exists until the conformance issue fills it.)
 */
import { PACKAGE_NAME } from "./index";

console.log(`${PACKAGE_NAME}: no suites registered yet.`);
