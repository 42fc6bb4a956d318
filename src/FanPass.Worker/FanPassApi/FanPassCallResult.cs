namespace FanPass.Worker.FanPassApi;

/// <summary>The classified result of one logical FanPass call (all its attempts).</summary>
/// <param name="Outcome">How the call ended.</param>
/// <param name="HttpStatus">The status of the last HTTP response, if there was one.</param>
/// <param name="Reason">A short reason (from the response body when FanPass gave one); never contains the token or attribute values.</param>
/// <param name="Attempts">HTTP attempts made (0 when the circuit was open).</param>
/// <param name="Method">For segment imports: <c>inline</c> or <c>csv</c>; otherwise null.</param>
/// <param name="RetryAfter">The last <c>Retry-After</c> FanPass asked for, if any.</param>
public sealed record FanPassCallResult(
    FanPassCallOutcome Outcome,
    int? HttpStatus,
    string? Reason,
    int Attempts,
    string? Method = null,
    TimeSpan? RetryAfter = null)
{
    public bool IsSuccess => Outcome == FanPassCallOutcome.Success;
}
