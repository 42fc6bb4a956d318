using FanPass.Contracts;
using FanPass.Worker.Pipeline;
using FanPass.Worker.Validation;

namespace FanPass.Worker.Segments;

/// <summary>The contract rules of <see cref="SegmentImportRequested"/> (DESIGN section 3). Pure.</summary>
public sealed class SegmentImportValidator(WorkerOptions options)
{
    public ValidationError? Validate(SegmentImportRequested message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.RequestId == Guid.Empty)
        {
            return new("RequestId", "must be a non-empty GUID");
        }

        if (string.IsNullOrWhiteSpace(message.SegmentName))
        {
            return new("SegmentName", "must not be empty");
        }

        if (message.SegmentName.Trim().Length > options.MaxSegmentNameLength)
        {
            return new("SegmentName", $"must be at most {options.MaxSegmentNameLength} characters");
        }

        if (message.RequestedAt == default)
        {
            return new("RequestedAt", "must be set");
        }

        if (message.UserIds is null)
        {
            return new("UserIds", "must be present (an empty list clears the segment)");
        }

        if (message.UserIds.Count > options.MaxSegmentUserIds)
        {
            return new("UserIds", $"has {message.UserIds.Count} entries, more than the maximum of {options.MaxSegmentUserIds}");
        }

        for (var i = 0; i < message.UserIds.Count; i++)
        {
            var id = message.UserIds[i];
            if (string.IsNullOrWhiteSpace(id))
            {
                return new($"UserIds[{i}]", "must not be empty");
            }

            if (id.Trim().Length > options.MaxUserIdLength)
            {
                return new($"UserIds[{i}]", $"must be at most {options.MaxUserIdLength} characters");
            }
        }

        return null;
    }
}
