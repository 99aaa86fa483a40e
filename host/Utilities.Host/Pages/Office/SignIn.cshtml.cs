using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Utilities.Host.Platform.Staff;
using Utilities.Host.Resources;

namespace Utilities.Host.Pages.Office;

internal sealed class SignInModel(StaffDirectory staff, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public string? Login { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var principal = string.IsNullOrWhiteSpace(Login) || string.IsNullOrEmpty(Password)
            ? null
            : await staff.SignInAsync(Login, Password, cancellationToken);
        if (principal is null)
        {
            ModelState.AddModelError(string.Empty, t["SignInFailed"]);
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        await HttpContext.SignInAsync(StaffAuthentication.Scheme, principal);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/office");
    }
}
