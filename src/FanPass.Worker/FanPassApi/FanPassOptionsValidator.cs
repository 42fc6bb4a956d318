using Microsoft.Extensions.Options;

namespace FanPass.Worker.FanPassApi;

/// <summary>Source-generated validator of the data-annotation ranges of <see cref="FanPassOptions"/> and its nested options.</summary>
[OptionsValidator]
internal sealed partial class FanPassOptionsValidator : IValidateOptions<FanPassOptions>;
