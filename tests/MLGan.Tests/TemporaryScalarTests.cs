using Mono.Cecil;
using Mono.Cecil.Cil;
using TorchSharp;

namespace MLGan.Tests;

/// <summary>
/// TorchSharp 0.107 passes only the native handle of a <see cref="Scalar"/> to libtorch, so a temporary one (an
/// implicit conversion, or one TorchSharp builds inside <c>a + b</c>, <c>square()</c>, <c>softplus()</c>, a module's
/// forward) can be finalized by a collection on another thread while libtorch reads it. The library holds its scalars
/// instead (MLGan.Tensors.HeldScalarOps); this checks its compiled IL for the temporary forms.
/// </summary>
[TestClass]
public sealed class TemporaryScalarTests
{
    // Deliberate uses, each on a path MLGan's own networks leave after the first step or never take.
    private static readonly Dictionary<string, string> Allowed = new()
    {
        ["HeldScalarOps.Softplus"] = "falls back to TorchSharp's public softplus should a later TorchSharp rename the private overload it binds",
        ["FlatAdam.step"] = "plain Adam (TorchSharp's) until every parameter has a gradient, and for options the flat form does not cover",
    };

    private static readonly Lazy<HashSet<string>> TorchSharpMethodsWithTemporaries = new(FindTorchSharpMethodsWithTemporaries);

    [TestMethod]
    [DataRow("MLGan")]
    [DataRow("MLGan.Datasets.Mnist")]
    public void LibraryPassesNoTemporaryScalarToLibtorch(string assemblyName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll");
        using var library = AssemblyDefinition.ReadAssembly(path, new ReaderParameters { ReadSymbols = true });
        var temporaries = TorchSharpMethodsWithTemporaries.Value;
        var violations = new List<string>();
        foreach (var method in library.MainModule.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody))
        {
            var owner = $"{OuterType(method.DeclaringType).Name}.{method.Name}";
            if (Allowed.ContainsKey(owner))
                continue;
            foreach (var instruction in method.Body.Instructions)
            {
                if (instruction.Operand is not MethodReference called)
                    continue;
                string? why = CreatesScalar(called) ? (IsHeld(method, instruction) ? null : "an implicit Scalar")
                    : temporaries.Contains(called.FullName) ? $"{called.DeclaringType.Name}.{called.Name}, which builds a temporary Scalar"
                    : ModuleWithTemporaries(instruction, called, temporaries) is { } module ? $"{module}, whose forward builds a temporary Scalar"
                    : null;
                if (why is not null)
                    violations.Add($"{Where(method, instruction)} {owner}: {why}");
            }
        }
        Assert.IsEmpty(violations, "Use MLGan.Tensors.HeldScalarOps or a held Scalar:\n" + string.Join("\n", violations.Distinct()));
    }

    /// <summary>The checker itself: it finds the forms it exists for in code known to contain them.</summary>
    [TestMethod]
    public void TheCheckKnowsTorchSharpsTemporaries()
    {
        var temporaries = TorchSharpMethodsWithTemporaries.Value;
        Assert.Contains("TorchSharp.torch/Tensor TorchSharp.torch/Tensor::add(TorchSharp.torch/Tensor)", temporaries);
        Assert.Contains("TorchSharp.torch/Tensor TorchSharp.torch/Tensor::square()", temporaries);
        Assert.Contains("TorchSharp.torch/Tensor TorchSharp.Modules.BatchNorm::forward(TorchSharp.torch/Tensor)", temporaries);
        Assert.DoesNotContain("TorchSharp.torch/Tensor TorchSharp.torch/Tensor::add(TorchSharp.torch/Tensor,TorchSharp.Scalar)", temporaries);
        Assert.DoesNotContain("TorchSharp.torch/Tensor TorchSharp.torch/Tensor::pow(TorchSharp.Scalar)", temporaries);
    }

    private static bool CreatesScalar(MethodReference method) =>
        method.ReturnType.FullName == "TorchSharp.Scalar" && method.DeclaringType.Namespace == "TorchSharp"
        && method.Name is "op_Implicit" or "ToScalar";

    /// <summary>
    /// Stored in a field, or in a local the method disposes (<c>using var s = x.ToScalar()</c>): held until after
    /// the calls that use it.
    /// </summary>
    private static bool IsHeld(MethodDefinition method, Instruction creation)
    {
        var next = creation.Next;
        if (next is null)
            return false;
        if (next.OpCode.Code is Code.Stsfld or Code.Stfld)
            return true;
        if (LocalIndex(next, stores: true) is not { } local)
            return false;
        return method.Body.Instructions.Any(i => LocalIndex(i, stores: false) == local && IsDisposeOfLoaded(i));
    }

    // `using` loads the local, tests it for null, loads it again and calls Dispose.
    private static bool IsDisposeOfLoaded(Instruction load) =>
        load.Next is { Operand: MethodReference { Name: "Dispose" } }
        || (load.Next?.OpCode.Code is Code.Brfalse or Code.Brfalse_S && load.Next.Next?.Next is { Operand: MethodReference { Name: "Dispose" } });

    private static int? LocalIndex(Instruction instruction, bool stores) => (instruction.OpCode.Code, stores) switch
    {
        (Code.Stloc_0, true) or (Code.Ldloc_0, false) => 0,
        (Code.Stloc_1, true) or (Code.Ldloc_1, false) => 1,
        (Code.Stloc_2, true) or (Code.Ldloc_2, false) => 2,
        (Code.Stloc_3, true) or (Code.Ldloc_3, false) => 3,
        (Code.Stloc_S or Code.Stloc, true) or (Code.Ldloc_S or Code.Ldloc, false) => ((VariableDefinition)instruction.Operand).Index,
        _ => null,
    };

    /// <summary>
    /// A TorchSharp module type that a factory returns or <c>new</c> creates, when its forward builds temporaries (a
    /// derived module's call to its base constructor is not one: its own forward runs).
    /// </summary>
    private static string? ModuleWithTemporaries(Instruction instruction, MethodReference called, HashSet<string> temporaries)
    {
        if (called.Name == ".ctor" && instruction.OpCode.Code != Code.Newobj)
            return null;
        var returned = called.Name == ".ctor" ? called.DeclaringType : called.ReturnType;
        if (returned.Scope?.Name is not ("TorchSharp" or "TorchSharp.dll"))
            return null;
        for (var type = returned.Resolve(); type is not null; type = type.BaseType?.Resolve())
        {
            if (type.Methods.Any(m => m.Name == "forward" && temporaries.Contains(m.FullName)))
                return returned.Name;
        }
        return null;
    }

    /// <summary>
    /// TorchSharp's methods that build a Scalar they do not hold (an implicit conversion of a number), and every
    /// TorchSharp method that calls one of them.
    /// </summary>
    private static HashSet<string> FindTorchSharpMethodsWithTemporaries()
    {
        using var torchSharp = AssemblyDefinition.ReadAssembly(typeof(Scalar).Assembly.Location);
        var methods = torchSharp.MainModule.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody).ToList();
        var found = methods
            .Where(m => !CreatesScalar(m) && m.Body.Instructions.Any(i => i.Operand is MethodReference r && CreatesScalar(r) && !IsHeld(m, i)))
            .Select(m => m.FullName).ToHashSet();
        for (bool grew = true; grew;)
        {
            grew = false;
            foreach (var method in methods.Where(m => !found.Contains(m.FullName)))
            {
                if (method.Body.Instructions.Any(i => i.Operand is MethodReference r && found.Contains(r.FullName)))
                    grew |= found.Add(method.FullName);
            }
        }
        return found;
    }

    private static TypeDefinition OuterType(TypeDefinition type)
    {
        while (type.DeclaringType is not null)
            type = type.DeclaringType;
        return type;
    }

    private static string Where(MethodDefinition method, Instruction instruction)
    {
        var point = method.Body.Instructions.TakeWhile(i => i != instruction).Append(instruction)
            .Select(i => method.DebugInformation.GetSequencePoint(i)).LastOrDefault(p => p is { IsHidden: false });
        return point is null ? "" : $"{Path.GetFileName(point.Document.Url)}:{point.StartLine}";
    }
}
