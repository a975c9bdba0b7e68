using MLGan.Data;

namespace MLGan.Tests.Images;

/// <summary>The space the collapse monitor measures images in: block averages of the pixels.</summary>
[TestClass]
public sealed class PooledPixelsTests
{
    [TestMethod]
    public void BlocksAverageTheirPixels_EdgeBlocksTheOnesTheyHold()
    {
        // 20x20 → blocks of 3 (at most 8 per side): 7 per side, the last one 2 pixels wide.
        var shape = new ImageShape(1, 20, 20);
        var space = new PooledPixels(shape);
        Assert.AreEqual(49, space.Size);
        var image = new float[400];
        for (int y = 0; y < 20; y++)
            for (int x = 0; x < 20; x++)
                image[y * 20 + x] = x; // each column holds its index
        var pooled = space.Project(image, 400);
        Assert.AreEqual(1f, pooled[0]);        // columns 0..2
        Assert.AreEqual(4f, pooled[1]);        // columns 3..5
        Assert.AreEqual(18.5f, pooled[6]);     // columns 18..19
        Assert.AreEqual(18.5f, pooled[48]);    // the bottom-right block: rows 18..19, columns 18..19
    }

    [TestMethod]
    [DataRow(28, 7)]
    [DataRow(32, 8)]
    [DataRow(64, 8)]
    public void DcganSides_PoolToAtMostEightBlocksPerSide(int side, int blocks)
    {
        var space = new PooledPixels(new ImageShape(3, side, side));
        Assert.AreEqual(3 * blocks * blocks, space.Size);
        var constant = Enumerable.Repeat(0.25f, 2 * 3 * side * side).ToArray();
        Assert.IsTrue(space.Project(constant, 3 * side * side).All(v => v == 0.25f));
    }
}
