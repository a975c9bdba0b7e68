using Mono.Cecil;
using Mono.Cecil.Cil;

namespace MLGan.Tests;

/// <summary>The library's structural rules, checked on its compiled IL.</summary>
[TestClass]
public sealed class ArchitectureTests
{
    private const string InternalsNamespace = "MLGan.MLNetInternals";
    private static readonly string[] MLNetAssemblies = { "Microsoft.ML.Core", "Microsoft.ML.Data" };

    /// <summary>
    /// MLGan compiles against public copies of ML.NET (see tools/MLGan.Publicizer). Only MLNetInternals/ may use
    /// what ML.NET keeps non-public; everything else must stay on ML.NET's public API.
    /// </summary>
    [TestMethod]
    public void OnlyMLNetInternalsUsesNonPublicMLNetMembers()
    {
        var libraryPath = typeof(GanTransformer).Assembly.Location;
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Path.GetDirectoryName(libraryPath)!);
        using var library = AssemblyDefinition.ReadAssembly(libraryPath, new ReaderParameters { AssemblyResolver = resolver });

        var violations = new List<string>();
        foreach (var type in library.MainModule.GetTypes().Where(t => !(t.Namespace ?? "").StartsWith(InternalsNamespace, StringComparison.Ordinal) && !IsNestedInInternals(t)))
        {
            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                foreach (var instruction in method.Body.Instructions)
                {
                    if (instruction.Operand is MemberReference member && IsNonPublicMLNet(member))
                        violations.Add($"{type.FullName}.{method.Name} uses {member.FullName}");
                }
            }
        }
        Assert.IsEmpty(violations, string.Join("\n", violations.Distinct()));
    }

    /// <summary>
    /// The phase runner (MLGan.Engine) knows no objective or remedy: they reach it as terms, hooks and wrappers. And the
    /// networks do not depend on the remedies (the minibatch layers are network layers).
    /// </summary>
    [TestMethod]
    [DataRow("MLGan.Engine", "MLGan.Remedies")]
    [DataRow("MLGan.Engine", "MLGan.Objectives")]
    [DataRow("MLGan.Networks", "MLGan.Remedies")]
    public void NamespaceDoesNotDependOn(string dependent, string forbidden)
    {
        var libraryPath = typeof(GanTransformer).Assembly.Location;
        using var library = AssemblyDefinition.ReadAssembly(libraryPath);
        var types = library.MainModule.GetTypes().Where(t => OuterNamespace(t) == dependent).ToList();
        Assert.IsNotEmpty(types, dependent);
        var violations = new List<string>();
        foreach (var type in types)
        {
            var referenced = type.Fields.Select(f => f.FieldType)
                .Concat(type.Methods.SelectMany(m => m.Parameters.Select(p => p.ParameterType).Append(m.ReturnType)))
                .Concat(type.Methods.Where(m => m.HasBody).SelectMany(m => m.Body.Instructions.Select(i => i.Operand switch
                {
                    TypeReference t => t,
                    MemberReference member => member.DeclaringType,
                    _ => null,
                })))
                .Where(t => t is not null);
            foreach (var reference in referenced)
            {
                if (reference!.Namespace == forbidden || (reference.DeclaringType?.Namespace == forbidden))
                    violations.Add($"{type.FullName} uses {reference.FullName}");
            }
        }
        Assert.IsEmpty(violations, string.Join("\n", violations.Distinct()));
    }

    private static string OuterNamespace(TypeDefinition type)
    {
        while (type.DeclaringType is not null)
            type = type.DeclaringType;
        return type.Namespace ?? "";
    }

    private static bool IsNestedInInternals(TypeDefinition type)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            if ((t.Namespace ?? "").StartsWith(InternalsNamespace, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    private static bool IsNonPublicMLNet(MemberReference member)
    {
        var declaring = member as TypeReference ?? member.DeclaringType;
        if (declaring is null || !MLNetAssemblies.Contains(declaring.Scope?.Name?.Replace(".dll", "")))
            return false;
        try
        {
            var typeDefinition = declaring.Resolve();
            if (typeDefinition is null || !IsVisible(typeDefinition))
                return true;
            return member switch
            {
                MethodReference method when method.Resolve() is { } m => !(m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly),
                FieldReference field when field.Resolve() is { } f => !(f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly),
                _ => false,
            };
        }
        catch (AssemblyResolutionException)
        {
            return false;
        }
    }

    private static bool IsVisible(TypeDefinition type)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            if (!(t.IsPublic || t.IsNestedPublic))
                return false;
        }
        return true;
    }
}
