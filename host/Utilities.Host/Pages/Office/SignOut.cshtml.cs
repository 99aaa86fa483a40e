using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Utilities.Host.Platform.Staff;

namespace Utilities.Host.Pages.Office;

internal sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/office");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(StaffAuthentication.Scheme);
        return Redirect("/office/sign-in");
    }
}
