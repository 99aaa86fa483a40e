using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OData.ModelBuilder;
using Utilities.Billing.Bills.Pdf;
using Utilities.Billing.Data;
using Utilities.Billing.OData;
using Utilities.Billing.Resources;
using Utilities.Billing.Tariffs.SetPrice;
using Utilities.Platform.Data;
using Utilities.Platform.Modules;
using Utilities.Platform.Settings;

namespace Utilities.Billing;

/// <summary>Tariffs, charges, recalculations, the ledger, payments, debts, penalties and bills.</summary>
public sealed class BillingModule : IModule
{
    public const string SchemaName = "billing";

    public string Name => "Billing";

    public string Schema => SchemaName;

    public IEnumerable<MenuEntry> MenuEntries =>
    [
        new(UiShell.Office, "/office/billing", "Menu_Tariffs", typeof(BillingText), 30),
    ];

    public IEnumerable<SettingDefinition> Settings =>
    [
        SettingDefinition.Integer<BillingText>(BillingSettings.BillDeliveryDay, 5, 1, 28),
        SettingDefinition.Integer<BillingText>(BillingSettings.PaymentDueDay, 15, 1, 28),
        SettingDefinition.Decimal<BillingText>(BillingSettings.PenaltyRateCapPercent, 9.5m, 0m, 100m),
        SettingDefinition.Decimal<BillingText>(BillingSettings.HotWaterHeatNorm, 0.05156m, 0m, 1m),
        SettingDefinition.Integer<BillingText>(BillingSettings.AverageEstimationMonths, 3, 0, 12),
    ];

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<BillingDbContext>();
        services.AddModuleServices(typeof(BillingModule).Assembly);
        services.AddScoped<SetPriceCommand>();
        services.AddSingleton<BillPdf>();
    }

    public void AddODataEntitySets(ODataConventionModelBuilder builder) => BillingODataModel.Add(builder);
}
