using System.Collections.Concurrent;
using FanPass.Contracts;
using MassTransit;

namespace FanPass.Cli.Commands;

/// <summary>Sees every outcome the worker publishes (a publish observer on the worker's bus).</summary>
internal sealed class OutcomeCollector : IPublishObserver
{
    public ConcurrentQueue<object> Outcomes { get; } = new();

    public int InputsAnswered => Outcomes.Sum(o => o switch
    {
        UserAttributesUpdated u => u.SourceEventIds.Count,
        UserAttributesUpdateFailed u => u.SourceEventIds.Count,
        SegmentImportSucceeded or SegmentImportSuperseded or SegmentImportFailed => 1,
        _ => 0,
    });

    public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context) where T : class
    {
        if (context.Message is SegmentImportSucceeded or SegmentImportSuperseded or SegmentImportFailed or UserAttributesUpdated or UserAttributesUpdateFailed)
        {
            Outcomes.Enqueue(context.Message);
        }

        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
