// The libFuzzer driver is declared in include/CFuzzer.h and linked by -sanitize=fuzzer.
