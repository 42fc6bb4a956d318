using Microsoft.Extensions.Options;

namespace FanPass.Worker.FanPassApi;

/// <summary>Source-generated validator of the data annotations of <see cref="FanPassOptions"/> and its nested options.</summary>
[OptionsValidator]
internal sealed partial class FanPassOptionsAnnotationsValidator : IValidateOptions<FanPassOptions>;
