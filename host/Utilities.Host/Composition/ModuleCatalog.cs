using Utilities.Billing;
using Utilities.Contracts;
using Utilities.Metering;
using Utilities.Notifications;
using Utilities.Platform.Modules;
using Utilities.RepairFund;

namespace Utilities.Host.Composition;

/// <summary>Every module the host knows, listed explicitly in dependency order.</summary>
internal static class ModuleCatalog
{
    public static IReadOnlyList<IModule> Create() =>
    [
        new ContractsModule(),
        new MeteringModule(),
        new BillingModule(),
        new RepairFundModule(),
        new NotificationsModule(),
    ];
}
