using MLGan.Tensors;

namespace MLGan.Tests;

[TestClass]
public static class TestAssembly
{
    /// <summary>
    /// MLGan switches MKL's matrix-product kernels before its first tensor (<see cref="MklDispatch"/>), and MKL keeps a
    /// routine's first choice for the process: made here, before any test, so that a test multiplying with libtorch
    /// before its first MLGan call cannot leave the process on the other kernel set than the golden files it reads.
    /// </summary>
    [AssemblyInitialize]
    public static void Initialize(TestContext _) => MklDispatch.Ensure();
}
