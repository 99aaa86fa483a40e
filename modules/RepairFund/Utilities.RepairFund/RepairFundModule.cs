using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OData.ModelBuilder;
using Utilities.Platform.Data;
using Utilities.Platform.Modules;
using Utilities.Platform.Settings;
using Utilities.RepairFund.Charging;
using Utilities.RepairFund.Data;
using Utilities.RepairFund.OData;
using Utilities.RepairFund.Resources;

namespace Utilities.RepairFund;

/// <summary>Per-building capital repair funds: contributions, payments, planned works, spending, balances.</summary>
public sealed class RepairFundModule : IModule
{
    public const string SchemaName = "repair_fund";

    public string Name => "RepairFund";

    public string Schema => SchemaName;

    public IEnumerable<MenuEntry> MenuEntries =>
    [
        new(UiShell.Office, "/office/repair-fund", "Menu_RepairFund", typeof(RepairFundText), 40),
        new(UiShell.Cabinet, "/cabinet/repair-fund", "Menu_RepairFund", typeof(RepairFundText), 40),
    ];

    public IEnumerable<SettingDefinition> Settings =>
    [
        SettingDefinition.Integer<RepairFundText>(RepairFundSettings.RecalculationMonths, 3, 0, 12),
    ];

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<RepairFundDbContext>();
        services.AddModuleServices(typeof(RepairFundModule).Assembly);
        services.AddScoped<PenaltyStep>();
        services.AddScoped<Statements.FundStatement>();
        services.AddScoped<Works.WorkCommands>();
        services.AddScoped<Consumer.ConsumerFunds>();
    }

    public void AddODataEntitySets(ODataConventionModelBuilder builder) => RepairFundODataModel.Add(builder);
}
