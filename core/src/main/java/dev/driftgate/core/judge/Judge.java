package dev.driftgate.core.judge;

/** LLM-as-judge over the rubric factual_accuracy, instruction_following, safety. */
public interface Judge {
    /** Golden-set mode: the answer is compared with the reference. */
    JudgeVerdict judgeWithReference(String prompt, String answer, String reference);

    /** Shadow mode: no reference exists. */
    JudgeVerdict judgeReferenceFree(String prompt, String answer);

    /** Pairwise, run in both orders to cancel position bias. */
    PairwiseVerdict judgePairwise(String prompt, String answerA, String answerB);
}
