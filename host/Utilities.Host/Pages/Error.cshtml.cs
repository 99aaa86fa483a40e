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

    // The status comes from the query string only: a re-executed POST still carries its form, whose "status" field is not ours.
    public void OnGet([FromQuery] int? status) => Describe(status);

    public void OnPost([FromQuery] int? status) => Describe(status);

    private void Describe(int? status)
    {
        // The real status of a re-executed request wins (an exception's is chosen by HostBuilder's status selector:
        // 503 while the database is away, ADR 27; 400 for an unreadable body, ADR 25);
        // a typed-in one outside the error range is "not found" (status 1 or 2^31 would throw), as is the bare page.
        var code = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>()?.OriginalStatusCode
                   ?? (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null
                       ? Response.StatusCode is >= 400 and <= 599 ? Response.StatusCode : StatusCodes.Status500InternalServerError
                       : status is >= 400 and <= 599 ? status.Value : StatusCodes.Status404NotFound);
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
