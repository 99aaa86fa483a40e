using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Utilities.Platform.Identity;

namespace Utilities.Host.Pages;

/// <summary>The landing page: a signed-in consumer goes straight to the cabinet.</summary>
internal sealed class IndexModel : PageModel
{
    public async Task<IActionResult> OnGetAsync()
    {
        var consumer = await HttpContext.AuthenticateAsync(ConsumerAuthentication.Scheme);
        return consumer.Succeeded ? Redirect("/cabinet") : Page();
    }
}
