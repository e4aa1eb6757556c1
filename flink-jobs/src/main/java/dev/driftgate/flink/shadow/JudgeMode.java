package dev.driftgate.flink.shadow;

/**
 * How the shadow job judges production against the candidate: each answer on its own with the
 * reference-free rubric (two verdicts), or both together (pairwise, both orders when configured).
 */
public enum JudgeMode { POINTWISE, PAIRWISE }
