using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Utilities.Host.Resources;

namespace Utilities.Host.Pages;

/// <summary>Friendly error page for status codes and unhandled errors: never a stack trace.</summary>
[IgnoreAntiforgeryToken]
internal sealed class ErrorModel(IStringLocalizer<SharedResource> t) : PageModel
{
    public string Title { get; private set; } = string.Empty;

    public string Text { get; private set; } = string.Empty;

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        // An unhandled error comes without ?status: keep the code the exception handler chose (503 while the database is away, ADR 27).
        var code = status ?? (Response.StatusCode >= 400 ? Response.StatusCode : StatusCodes.Status500InternalServerError);
        (Title, Text) = code switch
        {
            StatusCodes.Status404NotFound => (t["NotFound"].Value, t["NotFoundText"].Value),
            StatusCodes.Status403Forbidden => (t["Forbidden"].Value, t["ForbiddenText"].Value),
            StatusCodes.Status400BadRequest => (t["BadRequest"].Value, t["BadRequestText"].Value),
            _ => (t["ErrorTitle"].Value, t["ErrorText"].Value),
        };
        Response.StatusCode = code;
    }
}
