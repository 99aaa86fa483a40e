using System.Reflection;
using Utilities.Billing;
using Utilities.Contracts;
using Utilities.Metering;
using Utilities.Notifications;
using Utilities.RepairFund;

namespace Utilities.Architecture.Tests;

/// <summary>The modules under test: implementation and public-face assemblies, found from real types.</summary>
internal static class Modules
{
    public static readonly IReadOnlyDictionary<string, (Assembly Implementation, Assembly Abstractions)> All =
        new Dictionary<string, (Assembly, Assembly)>
        {
            ["Contracts"] = (typeof(ContractsModule).Assembly, typeof(IAccountDirectory).Assembly),
            ["Metering"] = (typeof(MeteringModule).Assembly, typeof(IMeterDirectory).Assembly),
            ["Billing"] = (typeof(BillingModule).Assembly, typeof(ITariffCatalog).Assembly),
            ["RepairFund"] = (typeof(RepairFundModule).Assembly, typeof(IRepairFundDirectory).Assembly),
            ["Notifications"] = (typeof(NotificationsModule).Assembly, typeof(INoticeBoard).Assembly),
        };

    public static Assembly Platform => typeof(Utilities.Platform.Modules.IModule).Assembly;

    public static Assembly Host => typeof(Utilities.Host.HostProgram).Assembly;

    public static IEnumerable<Assembly> Everything =>
        All.Values.SelectMany(m => new[] { m.Implementation, m.Abstractions }).Append(Platform).Append(Host);
}
