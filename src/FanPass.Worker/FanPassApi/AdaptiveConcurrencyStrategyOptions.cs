using Polly;

namespace FanPass.Worker.FanPassApi;

/// <summary>Options marker of <see cref="AdaptiveConcurrencyStrategy"/> (Polly requires one per strategy).</summary>
internal sealed class AdaptiveConcurrencyStrategyOptions : ResilienceStrategyOptions
{
    public AdaptiveConcurrencyStrategyOptions() => Name = "fanpass-concurrency";
}
