namespace FanPass.Worker.FanPassApi;

/// <summary>What one finished attempt tells the <see cref="AdaptiveConcurrencyLimiter"/>.</summary>
internal enum ConcurrencySignal
{
    /// <summary>FanPass answered (2xx or a 4xx rejection): grows the limit if it was also fast.</summary>
    Healthy,

    /// <summary>429, 503, 504, 408 or an attempt timeout: halves the limit.</summary>
    Congested,

    /// <summary>Says nothing about load (500, connection error, cancellation, 401).</summary>
    Neutral,
}
