using FanPass.Worker.FanPassApi;
using FanPass.Worker.Pipeline;

namespace FanPass.Worker.Tests.Pipeline;

public sealed class FanPassFailureClassifierTests
{
    private const int Max = 5;

    private static FanPassCallResult Result(FanPassCallOutcome outcome) => new(outcome, null, null, 1);

    public static TheoryData<FanPassCallOutcome, int, FanPassFailureDecision> Cases() => new()
    {
        { FanPassCallOutcome.Success, 1, FanPassFailureDecision.Succeeded },
        { FanPassCallOutcome.Success, Max - 1, FanPassFailureDecision.Succeeded },
        { FanPassCallOutcome.Success, Max, FanPassFailureDecision.Succeeded },
        { FanPassCallOutcome.Success, Max + 1, FanPassFailureDecision.Succeeded },
        { FanPassCallOutcome.Rejected, 1, FanPassFailureDecision.Reject },
        { FanPassCallOutcome.Rejected, Max - 1, FanPassFailureDecision.Reject },
        { FanPassCallOutcome.Rejected, Max, FanPassFailureDecision.Reject },
        { FanPassCallOutcome.Rejected, Max + 1, FanPassFailureDecision.Reject },
        { FanPassCallOutcome.TransientExhausted, 1, FanPassFailureDecision.Redeliver },
        { FanPassCallOutcome.TransientExhausted, Max - 1, FanPassFailureDecision.Redeliver },
        { FanPassCallOutcome.TransientExhausted, Max, FanPassFailureDecision.GiveUp },
        { FanPassCallOutcome.TransientExhausted, Max + 1, FanPassFailureDecision.GiveUp },
        { FanPassCallOutcome.Unauthorized, 1, FanPassFailureDecision.PauseAndReturn },
        { FanPassCallOutcome.Unauthorized, Max - 1, FanPassFailureDecision.PauseAndReturn },
        { FanPassCallOutcome.Unauthorized, Max, FanPassFailureDecision.PauseAndReturn },
        { FanPassCallOutcome.Unauthorized, Max + 1, FanPassFailureDecision.PauseAndReturn },
        { FanPassCallOutcome.CircuitOpen, 1, FanPassFailureDecision.PauseAndReturn },
        { FanPassCallOutcome.CircuitOpen, Max - 1, FanPassFailureDecision.PauseAndReturn },
        { FanPassCallOutcome.CircuitOpen, Max, FanPassFailureDecision.PauseAndReturn },
        { FanPassCallOutcome.CircuitOpen, Max + 1, FanPassFailureDecision.PauseAndReturn },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_OutcomeAndAttempt_ExpectedDecision(FanPassCallOutcome outcome, int attempt, FanPassFailureDecision expected)
    {
        Assert.Equal(expected, FanPassFailureClassifier.Decide(Result(outcome), attempt, Max));
    }

    [Fact]
    public void Decide_EveryOutcome_IsCovered()
    {
        foreach (var outcome in Enum.GetValues<FanPassCallOutcome>())
        {
            var decision = FanPassFailureClassifier.Decide(Result(outcome), 1, Max);
            Assert.True(Enum.IsDefined(decision));
        }
    }

    [Fact]
    public void Decide_TransientWithSingleDeliveryAllowed_GivesUpOnFirst()
    {
        Assert.Equal(FanPassFailureDecision.GiveUp, FanPassFailureClassifier.Decide(Result(FanPassCallOutcome.TransientExhausted), 1, 1));
    }

    [Fact]
    public void Decide_HttpStatusAndReason_DoNotChangeDecision()
    {
        var result = new FanPassCallResult(FanPassCallOutcome.TransientExhausted, 503, "down", 4, "csv", TimeSpan.FromSeconds(3));

        Assert.Equal(FanPassFailureDecision.Redeliver, FanPassFailureClassifier.Decide(result, 2, Max));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(Max)]
    public void Decide_429AfterEveryRetry_PausesWithoutSpendingADelivery(int deliveryAttempt)
    {
        var result = new FanPassCallResult(FanPassCallOutcome.TransientExhausted, 429, "throttled", 5, null, TimeSpan.FromSeconds(20));

        Assert.Equal(FanPassFailureDecision.PauseAndReturn, FanPassFailureClassifier.Decide(result, deliveryAttempt, Max));
        Assert.Equal(PauseReason.Throttled, FanPassFailureClassifier.PauseReasonOf(result));
    }

    [Fact]
    public void Decide_UnknownOutcome_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FanPassFailureClassifier.Decide(Result((FanPassCallOutcome)999), 1, Max));
    }

    [Fact]
    public void Decide_NullResult_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => FanPassFailureClassifier.Decide(null!, 1, Max));
    }

    [Theory]
    [InlineData(FanPassCallOutcome.Success, PauseReason.None)]
    [InlineData(FanPassCallOutcome.Rejected, PauseReason.None)]
    [InlineData(FanPassCallOutcome.TransientExhausted, PauseReason.None)]
    [InlineData(FanPassCallOutcome.Unauthorized, PauseReason.Unauthorized)]
    [InlineData(FanPassCallOutcome.CircuitOpen, PauseReason.Outage)]
    public void PauseReasonOf_Outcome_ExpectedReason(FanPassCallOutcome outcome, PauseReason expected)
    {
        Assert.Equal(expected, FanPassFailureClassifier.PauseReasonOf(Result(outcome)));
    }

    [Fact]
    public void PauseReasonOf_PauseDecisions_AlwaysHaveAReason()
    {
        foreach (var outcome in Enum.GetValues<FanPassCallOutcome>())
        {
            var pauses = FanPassFailureClassifier.Decide(Result(outcome), 1, Max) == FanPassFailureDecision.PauseAndReturn;
            Assert.Equal(pauses, FanPassFailureClassifier.PauseReasonOf(Result(outcome)) != PauseReason.None);
        }
    }

    [Fact]
    public void PauseReasonOf_NullResult_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => FanPassFailureClassifier.PauseReasonOf(null!));
    }
}
