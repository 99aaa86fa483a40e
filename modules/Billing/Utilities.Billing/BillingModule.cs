using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Routing;
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
        new(UiShell.Office, "/office/billing/runs", "Menu_Runs", typeof(BillingText), 31),
        new(UiShell.Office, "/office/billing/payments", "Menu_Payments", typeof(BillingText), 32),
        new(UiShell.Office, "/office/billing/registries", "Menu_Registries", typeof(RegistryText), 33),
        new(UiShell.Cabinet, "/cabinet/bills", "Menu_Bills", typeof(BillingText), 20),
        new(UiShell.Cabinet, "/cabinet/payments", "Menu_CabinetPayments", typeof(BillingText), 21),
        new(UiShell.Office, "/office/billing/debtors", "Menu_Debtors", typeof(DebtText), 34),
        new(UiShell.Cabinet, "/cabinet/instalments", "Menu_Instalments", typeof(DebtText), 22),
    ];

    public IEnumerable<SettingDefinition> Settings =>
    [
        SettingDefinition.Integer<BillingText>(BillingSettings.BillDeliveryDay, 5, 1, 28),
        SettingDefinition.Integer<BillingText>(BillingSettings.PaymentDueDay, 15, 1, 28),
        SettingDefinition.Decimal<BillingText>(BillingSettings.PenaltyRateCapPercent, 9.5m, 0m, 100m),
        SettingDefinition.Decimal<BillingText>(BillingSettings.HotWaterHeatNorm, 0.05156m, 0m, 1m),
        SettingDefinition.Integer<BillingText>(BillingSettings.AverageEstimationMonths, 3, 0, 12),
        SettingDefinition.Integer<BillingText>(BillingSettings.FaultyAverageMonths, 3, 0, 12),
        SettingDefinition.Decimal<BillingText>(BillingSettings.FaultyNormCoefficient, 1.5m, 1m, 10m),
        SettingDefinition.Decimal<BillingText>(BillingSettings.NoMeterNormCoefficient, 1.5m, 1m, 10m),
        SettingDefinition.Integer<BillingText>(BillingSettings.AverageMinMonths, 6, 1, 12),
        SettingDefinition.Integer<BillingText>(BillingSettings.AverageMinMonthsNewMeter, 3, 1, 12),
        SettingDefinition.Integer<BillingText>(BillingSettings.AverageWindowMonths, 12, 1, 36),
        SettingDefinition.Decimal<BillingText>(BillingSettings.ElectricityRange1Limit, 3900m, 0m, 1_000_000m),
        SettingDefinition.Decimal<BillingText>(BillingSettings.ElectricityRange2Limit, 6000m, 0m, 1_000_000m),
        SettingDefinition.Boolean<BillingText>(BillingSettings.HeatingEvenly, false),
        SettingDefinition.Integer<BillingText>(BillingSettings.HeatingSeasonStart, 10, 1, 12),
        SettingDefinition.Integer<BillingText>(BillingSettings.HeatingSeasonEnd, 4, 1, 12),
        SettingDefinition.Integer<BillingText>(BillingSettings.RunDay, 1, 0, 28),
        SettingDefinition.Text<BillingText>(BillingSettings.NoMeterCoefficientUtilities, "electricity,cold-water,hot-water"),
        SettingDefinition.Boolean<BillingText>(BillingSettings.CloseAfterScheduledRun, true),
        SettingDefinition.Decimal<BillingText>(BillingSettings.KeyRatePercent, 16.5m, 0m, 100m),
        SettingDefinition.Text<BillingText>(BillingSettings.PaymentAllocationOrder, "oldest-first"),
        SettingDefinition.Integer<PaymentText>(BillingSettings.OnlineOrderWaitMinutes, 20, 1, 24 * 60),
        SettingDefinition.Text<DebtText>(BillingSettings.DebtWarningThresholds, "3000,10000"),
        SettingDefinition.Decimal<DebtText>(BillingSettings.RestrictionNormCharges, 2m, 1m, 100m),
        SettingDefinition.Integer<DebtText>(BillingSettings.RestrictionWarningDays, 20, 1, 365),
        SettingDefinition.Text<DebtText>(BillingSettings.RestrictionExemptUtilities, "heating,cold-water"),
        SettingDefinition.Decimal<DebtText>(BillingSettings.InstalmentIncreasePercent, 25m, 0m, 1000m),
        SettingDefinition.Integer<DebtText>(BillingSettings.InstalmentMaxMonths, 12, 2, 12),
        SettingDefinition.Decimal<DebtText>(BillingSettings.InstalmentInterestPercent, 0m, 0m, 100m),
    ];

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<BillingDbContext>();
        services.AddModuleServices(typeof(BillingModule).Assembly);
        services.AddScoped<SetPriceCommand>();
        services.AddScoped<Tariffs.CreateTariff.CreateTariffCommand>();
        services.AddScoped<Runs.Recalculator>();
        services.AddScoped<Bills.BillComposer>();
        services.AddScoped<Periods.ClosePeriodCommand>();
        services.AddScoped<Absences.RegisterAbsenceCommand>();
        services.AddSingleton<Runs.BillingRunner>();
        services.AddSingleton<Runs.BillingScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<Runs.BillingScheduler>());
        services.AddSingleton<BillPdf>();
        services.AddSingleton<Bills.IBillPdfRenderer>(sp => sp.GetRequiredService<BillPdf>());
        services.AddSingleton<Runs.RunQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<Runs.RunQueue>());
        services.AddScoped<Bills.ConsumerBills>();
        services.AddScoped<Bills.BillOutlook>();
        services.AddScoped<Ledger.RunLedger>();
        services.AddScoped<Payments.PaymentPosting>();
        services.AddScoped<Payments.Office.PaymentDetails>();
        services.AddScoped<Payments.Cabinet.ConsumerPayments>();
        services.AddScoped<Registries.RegistryImport>();
        services.AddScoped<Registries.RegistryResolution>();
        services.AddScoped<Instalments.AcceptInstalmentCommand>();
        services.AddScoped<Instalments.ConsumerInstalments>();
        services.AddScoped<Debtors.DebtorList>();
        Payments.PaymentChannelsRegistration.Add(services, configuration);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        Registries.RegistryEndpoint.Map(endpoints);
        Payments.Online.PaymentCallbackEndpoint.Map(endpoints);
    }

    public void AddODataEntitySets(ODataConventionModelBuilder builder) => BillingODataModel.Add(builder);
}
