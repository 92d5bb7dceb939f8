package dev.fling.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.chaos.ChaosPlan.Duplicate;
import dev.fling.chaos.ChaosPlan.FailJob;
import dev.fling.chaos.ChaosPlan.Fault;
import dev.fling.chaos.ChaosPlan.Profile;
import dev.fling.chaos.ChaosPlan.Send;
import dev.fling.chaos.ChaosPlan.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A seed names one sequence of requests and faults: drawn before the run, the same every time. */
class ChaosPlanTest {

    private static final String JAR = "file:///opt/fling/examples.jar";

    @Test
    void theSameSeedDrawsTheSameRequestsBytesAndFaultsAtTheSameRequestCounts() {
        ChaosPlan first = ChaosPlan.draw(7, Profile.OPERATOR, 360, JAR);
        ChaosPlan again = ChaosPlan.draw(7, Profile.OPERATOR, 360, JAR);

        assertThat(again.digest()).isEqualTo(first.digest());
        assertThat(again.faultPositions()).isEqualTo(first.faultPositions()).isNotEmpty();
        assertThat(again.faults()).isEqualTo(first.faults());
        assertThat(again.describe()).isEqualTo(first.describe());
        for (int i = 0; i < first.sends().size(); i++) {
            assertThat(again.sends().get(i).bytes()).isEqualTo(first.sends().get(i).bytes());
        }
        assertThat(ChaosPlan.draw(8, Profile.OPERATOR, 360, JAR).digest()).isNotEqualTo(first.digest());
    }

    @Test
    void theRequestCountIsThePlansLengthAndFaultsComeEverySixteenToFortyRequests() {
        ChaosPlan plan = ChaosPlan.draw(11, Profile.OPERATOR, 360, JAR);

        long requests = plan.steps().stream().filter(s -> s instanceof Send || s instanceof Duplicate).count();
        long failed = plan.steps().stream().filter(FailJob.class::isInstance).count();
        assertThat(requests + failed).isEqualTo(360);
        List<Integer> positions = plan.faultPositions();
        assertThat(positions.get(0)).isBetween(1, 40);
        for (int k = 1; k < positions.size(); k++) {
            assertThat(positions.get(k) - positions.get(k - 1)).isBetween(1, 40);
        }
        assertThat(plan.faults()).extracting(Fault::kind).allMatch(Profile.OPERATOR.faults::contains);
    }

    @Test
    void aDuplicateRepeatsOneOfTheLastRequestsSinceTheLastFault() {
        ChaosPlan plan = ChaosPlan.draw(12345, Profile.OPERATOR, 600, JAR);
        List<Step> steps = plan.steps();

        assertThat(steps).anyMatch(Duplicate.class::isInstance);
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof Duplicate duplicate) {
                assertThat(steps.get(duplicate.of())).isInstanceOf(Send.class);
                List<Step> between = steps.subList(duplicate.of(), i);
                assertThat(between).noneMatch(Fault.class::isInstance);
                assertThat(between.stream().filter(Send.class::isInstance).count()).isLessThanOrEqualTo(ChaosPlan.DUPLICATE_WINDOW);
            }
        }
    }

    @Test
    void leaderKillsAreDrawnOnlyWithTwoInstancesAndProcessKillsOnlyOnTheLocalRuntime() {
        ChaosPlan operator = ChaosPlan.draw(5, Profile.OPERATOR, 600, JAR);
        ChaosPlan ha = ChaosPlan.draw(5, Profile.HA, 600, JAR);
        ChaosPlan local = ChaosPlan.draw(5, Profile.LOCAL, 250, JAR);

        assertThat(operator.faults()).extracting(Fault::kind).doesNotContain(Fault.Kind.LEADER_KILL,
                Fault.Kind.JOBMANAGER_KILL, Fault.Kind.TASKMANAGER_KILL);
        assertThat(ha.faults()).extracting(Fault::kind).contains(Fault.Kind.LEADER_KILL)
                .doesNotContain(Fault.Kind.SIGKILL, Fault.Kind.JOBMANAGER_KILL);
        assertThat(local.faults()).extracting(Fault::kind).contains(Fault.Kind.JOBMANAGER_KILL,
                Fault.Kind.TASKMANAGER_KILL, Fault.Kind.SIGKILL);
        assertThat(local.steps()).noneMatch(FailJob.class::isInstance);
        assertThat(local.sends()).extracting(Send::type).contains("launch of BoundedWordCount",
                "launch of StreamingCounter", "launch of FailingJob");
        assertThat(new String(local.sends().get(0).bytes())).contains(JAR);
    }

    @Test
    void theOperatorPlanOfSeedSevenIsTheOneThisVersionDraws() {
        // Pinned so that a change in how plans are drawn is seen: it changes what every seed replays
        // (docs/reliability.md's figures name seeds). Also fails when the bytes depend on the JVM.
        assertThat(ChaosPlan.draw(7, Profile.OPERATOR, 360, "file:///x.jar").digest()).isEqualTo("ac99a0795980");
    }
}
