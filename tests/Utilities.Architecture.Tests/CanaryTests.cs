using System.Reflection;
using ArchUnitNET.Loader;
using Microsoft.EntityFrameworkCore;
using Utilities.Contracts;

namespace Utilities.Architecture.Tests;

/// <summary>
/// Deliberate violations, compiled into this test assembly, which plays a module here. Each
/// rule must catch its violation: a rule that checks nothing (empty or wrong type set) fails
/// this test instead of passing silently.
/// </summary>
public sealed class CanaryTests
{
    private static readonly Assembly Canary = typeof(CanaryTests).Assembly;

    private static readonly ArchUnitNET.Domain.Architecture Architecture =
        new ArchLoader().LoadAssemblies(Modules.Everything.Append(Canary).ToArray()).Build();

    [Fact]
    public void Dependency_on_another_modules_implementation_is_caught() =>
        Assert.False(BoundaryRules.MustNotDependOn(Canary, typeof(ContractsModule).Assembly).HasNoViolations(Architecture));

    [Fact]
    public void Ef_core_in_a_public_face_is_caught() =>
        Assert.False(BoundaryRules.MustNotUseEfCoreOrAspNetCore(Canary).HasNoViolations(Architecture));

    [Fact]
    public void A_plugin_reaching_the_host_or_a_module_is_caught() =>
        Assert.False(BoundaryRules.PluginDependsOnNothingOfOursButTheSdk(Canary.GetName().Name!).HasNoViolations(Architecture));

    [Fact]
    public void An_sdk_reaching_anything_of_ours_is_caught() =>
        Assert.False(BoundaryRules.SdkDependsOnNothingOfOurs(Canary.GetName().Name!).HasNoViolations(Architecture));

    [Fact]
    public void A_public_type_that_is_no_entry_point_is_caught() =>
        Assert.False(BoundaryRules.OnlyEntryPointAndMigrationsArePublic(Canary).HasNoViolations(Architecture));
}

/// <summary>Reaches into the Contracts implementation: forbidden for any other module.</summary>
public sealed class ReachesIntoContracts
{
    public string Schema => ContractsModule.SchemaName;
}

/// <summary>Uses EF Core: forbidden in a module's public face.</summary>
public sealed class UsesEfCore
{
    public DbContext? Context { get; init; }
}
