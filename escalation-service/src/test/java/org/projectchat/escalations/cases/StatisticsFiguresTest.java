package org.projectchat.escalations.cases;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** The figures the statistics compute from the rows they read: PostgreSQL's percentile_cont, ISO weeks. */
class StatisticsFiguresTest {

    @Test
    void percentilesInterpolateAsPercentileContDoes() {
        // select percentile_cont(array[0.5, 0.9]) within group (order by x) from unnest('{10,20,30,40}'::float8[]) x
        //   -> {25, 37}
        double[] minutes = {10, 20, 30, 40};
        assertThat(Cases.percentile(minutes, 0.5)).isEqualTo(25.0);
        assertThat(Cases.percentile(minutes, 0.9)).isEqualTo(37.0);
        assertThat(Cases.percentile(new double[]{90}, 0.9)).isEqualTo(90.0);
        assertThat(Cases.percentile(new double[]{1.04, 1.06}, 0.5)).isEqualTo(1.1);
        assertThat(Cases.percentile(new double[0], 0.5)).isNull();
    }

    @Test
    void weeksAreIsoWeeksAcrossTheYearEnd() {
        assertThat(Cases.isoWeek(LocalDate.parse("2026-12-01"))).isEqualTo("2026-W49");
        assertThat(Cases.isoWeek(LocalDate.parse("2027-01-01"))).isEqualTo("2026-W53");
        assertThat(Cases.isoWeek(LocalDate.parse("2024-12-30"))).isEqualTo("2025-W01");
        assertThat(Cases.isoWeek(LocalDate.parse("2027-01-04"))).isEqualTo("2027-W01");
    }
}
