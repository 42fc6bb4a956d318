using System.ComponentModel.DataAnnotations;

namespace FanPass.Worker.FanPassApi;

/// <summary><c>FanPass:Users</c>: the user attribute endpoint.</summary>
public sealed class FanPassUsersOptions
{
    [Required(AllowEmptyStrings = false, ErrorMessage = "FanPass:Users:Path is required.")]
    public string Path { get; set; } = "/api/v1/users";
}
