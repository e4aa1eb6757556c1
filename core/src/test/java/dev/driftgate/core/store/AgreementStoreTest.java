package dev.driftgate.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.judge.agreement.JudgeAgreement;
import dev.driftgate.core.stats.Kappa;
import dev.driftgate.core.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** V8 applies on a real PostgreSQL and the latest measurement per dimension reads back. */
class AgreementStoreTest {
    @RegisterExtension
    static final TestDatabase pg = TestDatabase.migrated();

    @Test
    void recordsAndReadsTheLatestPerDimension() throws Exception {
        AgreementStore store = new AgreementStore(pg.dataSource());
        String sha = "0".repeat(64);
        store.record("openai/judge", "rubric-v1", sha, List.of(
                new JudgeAgreement.Row("overall", "quadratic", new Kappa.Estimate(10, 0.5, 0.1, 0.8), 0)));
        store.record("openai/judge", "rubric-v1", sha, List.of(
                new JudgeAgreement.Row("overall", "quadratic", new Kappa.Estimate(12, 0.7, 0.4, 0.9), 0),
                new JudgeAgreement.Row("preference", "unweighted", new Kappa.Estimate(4, Double.NaN, Double.NaN,
                        Double.NaN), 1)));
        List<AgreementStore.Stored> latest = store.latest("openai/judge", "rubric-v1");
        assertThat(latest).extracting(AgreementStore.Stored::dimension).containsExactly("overall", "preference");
        assertThat(latest.get(0).kappa()).isEqualTo(0.7);
        assertThat(latest.get(1).kappa()).isNaN();
        assertThat(store.latest("openai/other", "rubric-v1")).isEmpty();
    }
}
