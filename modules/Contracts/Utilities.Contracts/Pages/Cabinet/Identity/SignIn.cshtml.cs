using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Utilities.Contracts.Identity;
using Utilities.Contracts.Resources;
using Utilities.Platform.Identity;

namespace Utilities.Contracts.Pages.Cabinet.Identity;

/// <summary>Consumers sign in with an e-mail, a phone number or a contract number, and a password.</summary>
[EnableRateLimiting(ConsumerAuthentication.Policy)]
internal sealed class SignInModel(ConsumerLogins logins, IStringLocalizer<ContractsText> text) : PageModel
{
    [BindProperty]
    public string? Login { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Activated { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (consumer, login, result) = await logins.SignInAsync(Login, Password, cancellationToken);
        if (consumer is null || login is null)
        {
            Error = Messages.Of(text, result);
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        await HttpContext.SignInAsync(ConsumerAuthentication.Scheme, ConsumerAuthentication.Principal(consumer.Id, consumer.FullName, login.SecurityStamp));
        return LocalRedirect(ReturnUrl is not null && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/cabinet");
    }
}
