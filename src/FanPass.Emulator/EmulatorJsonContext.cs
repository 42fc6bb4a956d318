using System.Text.Json;
using System.Text.Json.Serialization;

namespace FanPass.Emulator;

/// <summary>Source-generated JSON metadata for everything the emulator reads or writes (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(SegmentResponse))]
[JsonSerializable(typeof(UserResponse))]
[JsonSerializable(typeof(SegmentDetails))]
[JsonSerializable(typeof(UserDetails))]
[JsonSerializable(typeof(EmulatorStats))]
[JsonSerializable(typeof(FaultSettings))]
[JsonSerializable(typeof(FaultSettingsDocument))]
[JsonSerializable(typeof(RecordedRequest))]
[JsonSerializable(typeof(IReadOnlyList<RecordedRequest>))]
[JsonSerializable(typeof(IReadOnlyList<SegmentResponse>))]
public sealed partial class EmulatorJsonContext : JsonSerializerContext;
