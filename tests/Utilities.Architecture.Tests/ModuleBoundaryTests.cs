using ArchUnitNET.Loader;
using ArchUnitNET.xUnitV3;

namespace Utilities.Architecture.Tests;

public sealed class ModuleBoundaryTests
{
    private static readonly ArchUnitNET.Domain.Architecture Architecture =
        new ArchLoader().LoadAssemblies(Modules.Everything.ToArray()).Build();

    public static TheoryData<string, string> ModulePairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var a in Modules.All.Keys)
        {
            foreach (var b in Modules.All.Keys.Where(b => b != a))
                data.Add(a, b);
        }

        return data;
    }

    public static TheoryData<string> ModuleNames() => new(Modules.All.Keys);

    [Theory]
    [MemberData(nameof(ModulePairs))]
    public void A_module_does_not_depend_on_another_modules_implementation(string module, string other) =>
        BoundaryRules.MustNotDependOn(Modules.All[module].Implementation, Modules.All[other].Implementation).Check(Architecture);

    [Theory]
    [MemberData(nameof(ModulePairs))]
    public void A_modules_public_face_does_not_depend_on_any_implementation(string module, string other)
    {
        BoundaryRules.MustNotDependOn(Modules.All[module].Abstractions, Modules.All[other].Implementation).Check(Architecture);
        BoundaryRules.MustNotDependOn(Modules.All[module].Abstractions, Modules.All[module].Implementation).Check(Architecture);
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void Public_face_uses_no_ef_core_or_asp_net_core(string module) =>
        BoundaryRules.MustNotUseEfCoreOrAspNetCore(Modules.All[module].Abstractions).Check(Architecture);

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void Platform_depends_on_no_module(string module)
    {
        BoundaryRules.MustNotDependOn(Modules.Platform, Modules.All[module].Implementation).Check(Architecture);
        BoundaryRules.MustNotDependOn(Modules.Platform, Modules.All[module].Abstractions).Check(Architecture);
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void Only_the_module_entry_point_and_migrations_are_public(string module) =>
        BoundaryRules.OnlyEntryPointAndMigrationsArePublic(Modules.All[module].Implementation).Check(Architecture);
}
