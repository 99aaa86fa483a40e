using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Utilities.Billing.Payments.Online.StandIn;

/// <summary>
/// <c>Billing:StandInProvider</c>: the local stand-ins of the acquirer and the kiosk card terminal.
/// On by default in Development only. The callback secret is configuration
/// (<c>Billing:StandInProvider:Secret</c>, never in the repository); without one a random secret
/// is made per process, which is enough since the stand-in and the callback share the process.
/// </summary>
internal sealed class StandInOptions
{
    public const string Section = "Billing:StandInProvider";

    public bool Enabled { get; private init; }

    public byte[] Secret { get; private init; } = [];

    /// <summary>How long a "late" callback waits (the return page meanwhile says "being processed").</summary>
    public TimeSpan LateDelay { get; private init; }

    public static StandInOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var development = string.Equals(configuration[HostDefaults.EnvironmentKey], Environments.Development, StringComparison.OrdinalIgnoreCase);
        var secret = section["Secret"];
        return new StandInOptions
        {
            Enabled = section.GetValue<bool?>("Enabled") ?? development,
            Secret = string.IsNullOrEmpty(secret) ? RandomNumberGenerator.GetBytes(32) : Encoding.UTF8.GetBytes(secret),
            LateDelay = TimeSpan.FromSeconds(Math.Clamp(section.GetValue("LateSeconds", 4), 0, 600)),
        };
    }
}
