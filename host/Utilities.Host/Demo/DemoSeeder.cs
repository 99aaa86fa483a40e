using Utilities.Host.Platform.Staff;
using Utilities.Platform.Modules;

namespace Utilities.Host.Demo;

/// <summary>
/// Loads demonstration data: staff logins and each enabled module's demo records. Safe to run
/// again: every part skips itself when its data is already there. For demonstration databases
/// only: the demo passwords are public (README).
/// </summary>
internal sealed class DemoSeeder(StaffDirectory staff, IEnumerable<IDemoData> moduleData, ILogger<DemoSeeder> logger)
{
    public static readonly IReadOnlyList<(string Login, string Password, string Name, string[] Roles)> StaffLogins =
    [
        ("admin", "admin-demo", "Администратор Анна Смирнова", [StaffRoles.Administrator, StaffRoles.Operator, StaffRoles.Accountant]),
        ("operator", "operator-demo", "Оператор Ольга Иванова", [StaffRoles.Operator]),
        ("inspector", "inspector-demo", "Контролёр Пётр Кузнецов", [StaffRoles.Inspector]),
        ("accountant", "accountant-demo", "Бухгалтер Елена Попова", [StaffRoles.Accountant]),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (!await staff.AnyAsync(cancellationToken))
        {
            foreach (var (login, password, name, roles) in StaffLogins)
                await staff.CreateAsync(login, name, password, roles, cancellationToken);
        }

        foreach (var data in moduleData.OrderBy(d => d.Order))
            await data.SeedAsync(cancellationToken);
        logger.LogInformation("Demo data is in place");
    }
}
