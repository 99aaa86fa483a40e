using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OData.ModelBuilder;
using Utilities.Contracts.Data;
using Utilities.Contracts.OData;
using Utilities.Contracts.Resources;
using Utilities.Platform.Data;
using Utilities.Platform.Modules;
using Utilities.Platform.Settings;

namespace Utilities.Contracts;

/// <summary>Buildings, premises, consumers, organisations, personal accounts and contracts.</summary>
public sealed class ContractsModule : IModule
{
    public const string SchemaName = "contracts";

    public string Name => "Contracts";

    public string Schema => SchemaName;

    public IEnumerable<MenuEntry> MenuEntries =>
    [
        new(UiShell.Office, "/office/contracts", "Menu_Contracts", typeof(ContractsText), 10),
        new(UiShell.Office, "/office/kiosks", "Menu_Kiosks", typeof(ContractsText), 90, StaffRoles.Administrator),
    ];

    public IEnumerable<SettingDefinition> Settings =>
    [
        SettingDefinition.Integer<ContractsText>(ContractsSettings.KioskInactivitySeconds, 90, 30, 600),
        SettingDefinition.Text<ContractsText>(ContractsSettings.PayerCodePrefix, ContractsSettings.DefaultPayerCodePrefix),
        SettingDefinition.Integer<ContractsText>(ContractsSettings.RetentionYears, 5, 1, 100),
    ];

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<ContractsDbContext>();
        services.AddModuleServices(typeof(ContractsModule).Assembly);
        services.AddScoped<Identity.OneTimeCodes>();
        services.AddScoped<Identity.ConsumerLogins>();
        services.AddSingleton<Identity.SessionChecks>();
        services.AddScoped<Cabinet.CabinetAccounts>();
        services.AddScoped<Cabinet.CabinetContacts>();
        services.AddScoped<Cabinet.CabinetWidgets>();
        services.AddSingleton<Cabinet.DashboardCache>();
        services.AddSingleton<ICabinetCache>(sp => sp.GetRequiredService<Cabinet.DashboardCache>());
        services.AddScoped<Kiosk.KioskTerminals>();
        services.AddScoped<Kiosk.KioskSignIn>();
        services.AddScoped<Search.ContractSearch>();
        services.AddScoped<Search.ContractCards>();
        services.AddScoped<Conclude.ConcludeCommand>();
        services.AddScoped<Terminate.TerminateCommand>();
        services.AddScoped<ContactChanges.ChangeContactsCommand>();
        services.AddScoped<Retention.PersonalDataRetention>();
        services.AddHostedService<Retention.PersonalDataRetentionService>();
    }

    public void AddODataEntitySets(ODataConventionModelBuilder builder) => ContractsODataModel.Add(builder);
}
