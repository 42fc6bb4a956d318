using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Text.Json.Nodes;

namespace FanPass.Emulator;

/// <summary>
/// Everything the emulator received, plus the fault settings. Thread-safe and in memory; one instance per app.
/// The hot path takes no global lock: dictionaries are concurrent, segment snapshots are immutable and swapped,
/// each user record has its own lock, counters use <see cref="Interlocked"/>.
/// </summary>
public sealed class EmulatorState
{
    private readonly ConcurrentDictionary<string, IReadOnlySet<string>> _segments = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, UserRecord> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Counter> _requestCounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Counter> _acceptedCounts = new(StringComparer.Ordinal);
    private readonly RecordedRequest?[] _ring;
    private readonly TimeProvider _timeProvider;
    private readonly Random? _seededRandom;
    private readonly Lock _randomLock = new();
    private long _sequence;
    private ActiveFaults _faults;

    /// <summary>Creates an empty state.</summary>
    /// <param name="timeProvider">Clock for timestamps and the rate-limit window; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="maxRecordedRequests">Capacity of the recent-requests ring buffer.</param>
    /// <param name="randomSeed">Seed for rate-based faults; null = <see cref="Random.Shared"/>.</param>
    public EmulatorState(TimeProvider? timeProvider = null, int maxRecordedRequests = 10_000, int? randomSeed = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecordedRequests, 1);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _ring = new RecordedRequest?[maxRecordedRequests];
        _seededRandom = randomSeed is { } seed ? new Random(seed) : null;
        _faults = new ActiveFaults(FaultSettings.None, _timeProvider);
    }

    /// <summary>
    /// The fault settings; setting replaces them atomically and restarts the FailNext/TimeoutNext counters and the
    /// rate-limit window. Reading returns the settings with <see cref="FaultSettings.FailNext"/> and
    /// <see cref="FaultSettings.TimeoutNext"/> showing what is left of the countdowns.
    /// </summary>
    public FaultSettings Faults
    {
        get
        {
            var active = Volatile.Read(ref _faults);
            return active.Settings with { FailNext = active.FailNextRemaining, TimeoutNext = active.TimeoutNextRemaining };
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Validate() is { } error)
            {
                throw new ArgumentException(error, nameof(value));
            }

            value = value with { RejectUserIds = value.RejectUserIds ?? [], RejectSegmentNames = value.RejectSegmentNames ?? [] };
            Volatile.Write(ref _faults, new ActiveFaults(value, _timeProvider));
        }
    }

    /// <summary>Request counts per endpoint key (e.g. "POST /api/v1/segments"), including failed requests.</summary>
    public IReadOnlyDictionary<string, long> RequestCounts => Snapshot(_requestCounts);

    /// <summary>2xx answers per endpoint key.</summary>
    public IReadOnlyDictionary<string, long> AcceptedCounts => Snapshot(_acceptedCounts);

    /// <summary>Recent API requests, oldest first (bounded ring buffer).</summary>
    public IReadOnlyList<RecordedRequest> Requests => GetRecentRequests(int.MaxValue);

    public int SegmentCount => _segments.Count;

    public int UserCount => _users.Count;

    /// <summary>Names of all segments.</summary>
    public IReadOnlyCollection<string> SegmentNames => [.. _segments.Keys];

    internal ActiveFaults ActiveFaults => Volatile.Read(ref _faults);

    internal TimeProvider TimeProvider => _timeProvider;

    internal int EndpointKeyCount => _requestCounts.Count;

    /// <summary>Current members of a segment, or null if it does not exist.</summary>
    public IReadOnlyCollection<string>? GetSegment(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _segments.TryGetValue(name, out var members) ? members : null;
    }

    /// <summary>Current merged userProperties of a user (a copy), or null if the user was never updated.</summary>
    public IReadOnlyDictionary<string, JsonNode?>? GetUser(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return _users.TryGetValue(userId, out var user) ? user.Snapshot() : null;
    }

    /// <summary>Number of 2xx answers for an endpoint key such as "POST /api/v1/users".</summary>
    public long AcceptedCount(string endpointKey)
    {
        ArgumentNullException.ThrowIfNull(endpointKey);
        return _acceptedCounts.TryGetValue(endpointKey, out var counter) ? counter.Value : 0;
    }

    /// <summary>Number of requests (any status) for an endpoint key.</summary>
    public long RequestCount(string endpointKey)
    {
        ArgumentNullException.ThrowIfNull(endpointKey);
        return _requestCounts.TryGetValue(endpointKey, out var counter) ? counter.Value : 0;
    }

    /// <summary>The last <paramref name="take"/> recorded requests, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> GetRecentRequests(int take)
    {
        var end = Interlocked.Read(ref _sequence);
        var count = (int)Math.Min(Math.Min(end, _ring.Length), Math.Max(take, 0));
        var result = new List<RecordedRequest>(count);
        for (var seq = end - count + 1; seq <= end; seq++)
        {
            // A slot may be mid-write by a concurrent request or already overwritten: keep only the exact sequence.
            if (_ring[(seq - 1) % _ring.Length] is { } request && request.Sequence == seq)
            {
                result.Add(request);
            }
        }

        return result;
    }

    /// <summary>Clears data, counters, recorded requests and faults.</summary>
    public void Reset()
    {
        _segments.Clear();
        _users.Clear();
        _requestCounts.Clear();
        _acceptedCounts.Clear();
        Array.Clear(_ring);
        Interlocked.Exchange(ref _sequence, 0);
        Faults = FaultSettings.None;
    }

    /// <summary>Create or replace a segment with a snapshot of members; returns the member count.</summary>
    internal int ReplaceSegment(string name, HashSet<string> members)
    {
        var snapshot = new ReadOnlySet<string>(members);
        _segments[name] = snapshot;
        return snapshot.Count;
    }

    /// <summary>Merges properties into a user record.</summary>
    internal void MergeUser(string userId, IReadOnlyList<KeyValuePair<string, JsonNode?>> properties)
    {
        var user = _users.GetOrAdd(userId, static _ => new UserRecord());
        user.Merge(properties);
    }

    internal void CountRequest(string endpointKey, bool accepted)
    {
        _requestCounts.GetOrAdd(endpointKey, static _ => new Counter()).Increment();
        if (accepted)
        {
            _acceptedCounts.GetOrAdd(endpointKey, static _ => new Counter()).Increment();
        }
    }

    internal void Record(RecordedRequest request)
    {
        var seq = Interlocked.Increment(ref _sequence);
        _ring[(seq - 1) % _ring.Length] = request with { Sequence = seq };
    }

    internal double NextDouble()
    {
        if (_seededRandom is null)
        {
            return Random.Shared.NextDouble();
        }

        lock (_randomLock)
        {
            return _seededRandom.NextDouble();
        }
    }

    private static ReadOnlyDictionary<string, long> Snapshot(ConcurrentDictionary<string, Counter> counters)
    {
        var copy = new Dictionary<string, long>(counters.Count, StringComparer.Ordinal);
        foreach (var (key, counter) in counters)
        {
            copy[key] = counter.Value;
        }

        return copy.AsReadOnly();
    }

    private sealed class Counter
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }

    private sealed class UserRecord
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, JsonNode?> _properties = new(StringComparer.Ordinal);

        public void Merge(IReadOnlyList<KeyValuePair<string, JsonNode?>> properties)
        {
            lock (_lock)
            {
                foreach (var (key, value) in properties)
                {
                    _properties[key] = value;
                }
            }
        }

        public ReadOnlyDictionary<string, JsonNode?> Snapshot()
        {
            lock (_lock)
            {
                var copy = new Dictionary<string, JsonNode?>(_properties.Count, StringComparer.Ordinal);
                foreach (var (key, value) in _properties)
                {
                    copy[key] = value?.DeepClone();
                }

                return copy.AsReadOnly();
            }
        }
    }
}
