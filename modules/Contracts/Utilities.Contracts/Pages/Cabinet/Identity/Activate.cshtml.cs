using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Utilities.Contracts.Identity;
using Utilities.Contracts.Resources;
using Utilities.Platform.Identity;

namespace Utilities.Contracts.Pages.Cabinet.Identity;

/// <summary>
/// First sign-in (activation) and password reset: the identifier, a one-time code (printed on
/// the contract, or sent on request to the e-mail or phone of the contract) and a new password.
/// </summary>
[EnableRateLimiting(ConsumerAuthentication.Policy)]
internal sealed class ActivateModel(ConsumerLogins logins, IStringLocalizer<ContractsText> text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Reset { get; set; }

    [BindProperty]
    public string? Login { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Repeat { get; set; }

    public string? Error { get; private set; }

    public string? Sent { get; private set; }

    private string Purpose => Reset ? CodePurpose.PasswordReset : CodePurpose.Activation;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostSendAsync(CancellationToken cancellationToken)
    {
        var (result, sentTo) = await logins.SendCodeAsync(Login, Purpose, cancellationToken);
        Error = Messages.Of(text, result);
        Sent = sentTo is null ? null : text["Cabinet_CodeSent", sentTo].Value;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await logins.SetPasswordAsync(Login, Code, Password, Repeat, Purpose, cancellationToken);
        if (result.Succeeded)
            return Redirect("/sign-in?activated=true");
        Error = Messages.Of(text, result);
        return Page();
    }
}
