using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Utilities.Contracts.Kiosk;
using Utilities.Contracts.Pages.Cabinet.Identity;
using Utilities.Contracts.Resources;
using Utilities.Platform.Identity;

namespace Utilities.Contracts.Pages.Kiosk;

/// <summary>
/// The kiosk's start screen: whoever starts here ends the previous person's session. The
/// consumer types a contract number, account number or phone on the keypad, then a code sent
/// by SMS or their kiosk PIN.
/// </summary>
[EnableRateLimiting(ConsumerAuthentication.Policy)]
internal sealed class IndexModel(KioskSignIn kiosk, TimeProvider time, IStringLocalizer<ContractsText> text) : PageModel
{
    [BindProperty]
    public string? Login { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public bool AskCode { get; private set; }

    public string? Error { get; private set; }

    public string? Message { get; private set; }

    public Task OnGetAsync() => EndEverySessionAsync();

    /// <summary>The next person starts with nobody signed in: the kiosk session, and any cabinet sign-in made in this browser.</summary>
    private async Task EndEverySessionAsync()
    {
        await HttpContext.SignOutAsync(ConsumerAuthentication.KioskScheme);
        await HttpContext.SignOutAsync(ConsumerAuthentication.Scheme);
    }

    /// <summary>Step 1: who it is; sends an SMS code when the contract has a phone (a PIN works either way).</summary>
    public async Task<IActionResult> OnPostStartAsync(CancellationToken cancellationToken)
    {
        await EndEverySessionAsync();
        var (resolved, resolution) = await kiosk.ResolveAsync(Login, cancellationToken);
        if (resolved is null)
        {
            Error = Messages.Of(text, resolution);
            return Page();
        }

        var (result, _, sentTo) = await kiosk.SendCodeAsync(Login, cancellationToken);
        AskCode = true;
        Message = sentTo is not null ? text["Kiosk_CodeSent", sentTo].Value : null;
        Error = result.Succeeded ? null : Messages.Of(text, result);
        return Page();
    }

    /// <summary>Step 2: the code or PIN; the session starts.</summary>
    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken cancellationToken)
    {
        var (consumer, result) = await kiosk.VerifyAsync(Login, Code, cancellationToken);
        if (consumer is null)
        {
            AskCode = true;
            Error = Messages.Of(text, result);
            return Page();
        }

        await HttpContext.SignInAsync(ConsumerAuthentication.KioskScheme, ConsumerAuthentication.KioskPrincipal(consumer.Id, consumer.FullName, time.GetUtcNow()),
            new AuthenticationProperties { IsPersistent = false });
        return Redirect("/kiosk/session");
    }
}
