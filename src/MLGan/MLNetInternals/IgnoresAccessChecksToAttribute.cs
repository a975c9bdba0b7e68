// CoreCLR honours this attribute by name: code in this assembly may use non-public members of the
// named assemblies. It is how MLNetInternals/ reaches ML.NET's model persistence API, which ML.NET
// keeps internal. The compiler sees public copies made by tools/MLGan.Publicizer.
[assembly: System.Runtime.CompilerServices.IgnoresAccessChecksTo("Microsoft.ML.Core")]
[assembly: System.Runtime.CompilerServices.IgnoresAccessChecksTo("Microsoft.ML.Data")]

namespace System.Runtime.CompilerServices
{
    [AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
    internal sealed class IgnoresAccessChecksToAttribute : Attribute
    {
        public IgnoresAccessChecksToAttribute(string assemblyName) => AssemblyName = assemblyName;

        public string AssemblyName { get; }
    }
}
