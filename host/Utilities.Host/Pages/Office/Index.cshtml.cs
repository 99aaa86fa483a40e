using Microsoft.AspNetCore.Mvc.RazorPages;
using Utilities.Host.Health;

namespace Utilities.Host.Pages.Office;

internal sealed class IndexModel(HealthReporter health) : PageModel
{
    public HealthReport Report { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Report = await health.ReportAsync(cancellationToken);
}
