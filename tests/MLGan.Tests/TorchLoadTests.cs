using TorchSharp;

namespace MLGan.Tests;

[TestClass]
public sealed class TorchLoadTests
{
    [TestMethod]
    public void TorchLoadsAndComputes()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3 });
        using var b = (a * a).sum();
        Assert.AreEqual(14f, b.item<float>());
    }
}
