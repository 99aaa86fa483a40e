using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OData.ModelBuilder;
using Utilities.Metering.Data;
using Utilities.Metering.OData;
using Utilities.Metering.Resources;
using Utilities.Platform.Data;
using Utilities.Platform.Modules;
using Utilities.Platform.Settings;

namespace Utilities.Metering;

/// <summary>Meters, readings from inspectors, automation and consumers, consumption and forecasts.</summary>
public sealed class MeteringModule : IModule
{
    public const string SchemaName = "metering";

    public string Name => "Metering";

    public string Schema => SchemaName;

    public IEnumerable<MenuEntry> MenuEntries =>
    [
        new(UiShell.Office, "/office/metering", "Menu_Meters", typeof(MeteringText), 20, Office.OfficeAccess.ReaderRoles),
        new(UiShell.Office, "/office/metering/round", "Menu_RoundSheet", typeof(MeteringText), 21, Office.OfficeAccess.WorkerRoles),
        new(UiShell.Office, "/office/metering/queue", "Menu_Queue", typeof(MeteringText), 22, Office.OfficeAccess.WorkerRoles),
        new(UiShell.Office, "/office/metering/plan", "Menu_Plan", typeof(MeteringText), 23, Office.OfficeAccess.ReaderRoles),
        new(UiShell.Office, "/office/metering/weather", "Menu_Weather", typeof(MeteringText), 24, Office.OfficeAccess.ReaderRoles),
        new(UiShell.Office, "/office/metering/demand", "Menu_Demand", typeof(MeteringText), 25, Office.OfficeAccess.ReaderRoles),
        new(UiShell.Office, "/office/metering/alerts", "Menu_Alerts", typeof(MeteringText), 26, Office.OfficeAccess.WorkerRoles),
    ];

    public IEnumerable<SettingDefinition> Settings =>
    [
        SettingDefinition.Integer<MeteringText>(MeteringSettings.ReadingDeadlineDay, 25, 1, 28),
        SettingDefinition.Integer<MeteringText>(MeteringSettings.ConsumerReadingMaxAgeDays, 10, 0, 60),
        SettingDefinition.Integer<MeteringText>(MeteringSettings.ConfirmationDays, 30, 1, 180),
        SettingDefinition.Integer<MeteringText>(MeteringSettings.VerificationWarningDays, 90, 1, 730),
        SettingDefinition.Integer<MeteringText>(MeteringSettings.AnomalyOutsideDays, 3, 2, 7),
        SettingDefinition.Text<MeteringText>(MeteringSettings.LeakCheckUtilities, "cold-water,hot-water"),
    ];

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<MeteringDbContext>();
        services.AddModuleServices(typeof(MeteringModule).Assembly);
        services.AddSingleton<Plugins.UtilityTypes>();
        services.AddScoped<Readings.MeterHistory>();
        services.AddScoped<Readings.ReadingIntake>();
        services.AddScoped<Readings.ReadingDecisions>();
        services.AddScoped<Meters.MeterRegistry>();
        services.AddScoped<Meters.FaultyMeters>();
        services.AddScoped<Office.MeterList>();
        services.AddScoped<Office.MeterCards>();
        services.AddScoped<Office.RoundSheets>();
        services.AddScoped<Office.PreventivePlan>();
        services.AddScoped<Office.PendingQueue>();
        services.AddScoped<Office.WeatherImport>();
        services.AddScoped<Cabinet.ConsumerMeters>();
        services.AddScoped<Cabinet.ConsumptionCharts>();
        services.AddScoped<Cabinet.ConsumerReadingForm>();
        services.AddScoped<Anomalies.AnomalyDetector>();
        services.AddScoped<Anomalies.AnomalyAlerts>();
        services.AddScoped<Demand.DemandForecasts>();
        services.AddHostedService<Meters.FaultyMetersService>();
        services.AddHostedService<Anomalies.AnomalyCheckService>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => ImportReadings.ReadingImportEndpoint.Map(endpoints);

    public void AddODataEntitySets(ODataConventionModelBuilder builder) => MeteringODataModel.Add(builder);
}
