using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Utilities.Metering.Office;
using Utilities.Metering.Resources;

namespace Utilities.Metering.Pages.Office.Metering;

/// <summary>Imports daily outdoor temperatures (CSV upload) and shows the imported range of each site.</summary>
[Authorize(Roles = OfficeAccess.Readers)]
internal sealed class WeatherModel(WeatherImport import, IStringLocalizer<MeteringText> text) : PageModel
{
    public const long MaxFileBytes = 10 * 1024 * 1024;

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public IReadOnlyList<WeatherRange> Ranges { get; private set; } = [];

    public WeatherImportResult? Result { get; private set; }

    public string? Error { get; private set; }

    public bool MayChange => OfficeAccess.MayChange(User);

    public async Task OnGetAsync(CancellationToken cancellationToken) => Ranges = await import.RangesAsync(cancellationToken);

    [RequestSizeLimit(MaxFileBytes + 64 * 1024)]
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!MayChange)
            return Forbid();
        if (Upload is not { Length: > 0 })
            Error = text["Weather_FileRequired"];
        else if (Upload.Length > MaxFileBytes)
            Error = text["Weather_FileTooLarge", MaxFileBytes / 1024 / 1024];
        else
        {
            using var reader = new StreamReader(Upload.OpenReadStream());
            Result = await import.ImportAsync(reader, cancellationToken);
        }

        Ranges = await import.RangesAsync(cancellationToken);
        return Page();
    }
}
