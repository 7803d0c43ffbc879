package dev.tractor.spring;

import dev.tractor.TractorException;
import dev.tractor.embed.Embedding;
import dev.tractor.embed.FunctionInfo;
import dev.tractor.embed.FunctionSource;
import dev.tractor.embed.FunctionTable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Every {@link dev.tractor.ActorFunction} this application exposes: each annotated public method of
 * each singleton bean, under the bean's {@link dev.tractor.ActorNamespace}, else under the bean name.
 * Beans are discovered once, on first use (at the latest when the runtime starts, after every singleton
 * exists); two beans defining the same {@code namespace.name} fail discovery with a message naming
 * both. Thread-safe.
 */
public final class ActorFunctionRegistry implements FunctionSource {

    private final ConfigurableListableBeanFactory beanFactory;
    private volatile Discovered discovered;

    /** A registry of the functions of {@code beanFactory}'s beans. */
    public ActorFunctionRegistry(ConfigurableListableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    /** Every exposed function, sorted by qualified name. */
    public List<ActorFunctionDescriptor> functions() {
        return discovered().descriptors();
    }

    /** The function {@code namespace.name}, if this application exposes it. */
    public Optional<ActorFunctionDescriptor> find(String namespace, String name) {
        return functions().stream()
                .filter(f -> f.namespace().equals(namespace) && f.name().equals(name))
                .findFirst();
    }

    /** The namespaces of the exposed functions, sorted. */
    public Set<String> namespaces() {
        Set<String> all = new TreeSet<>();
        functions().forEach(f -> all.add(f.namespace()));
        return all;
    }

    /** Registers every discovered bean in an actor's function table (when the actor opens). */
    @Override
    public void exposeTo(FunctionTable table) {
        for (ExposedBean bean : discovered().beans()) {
            table.register(bean.namespace(), bean.target(), bean.userClass());
        }
    }

    private Discovered discovered() {
        Discovered d = discovered;
        if (d == null) {
            synchronized (this) {
                d = discovered;
                if (d == null) {
                    d = discover();
                    discovered = d;
                }
            }
        }
        return d;
    }

    private Discovered discover() {
        List<ExposedBean> beans = new ActorFunctionScanner(beanFactory).scan();
        Map<Object, String> beanNames = new IdentityHashMap<>();
        beans.forEach(bean -> beanNames.put(bean.target(), bean.beanName()));
        List<FunctionInfo> described = Embedding.describe(table -> {
            for (ExposedBean bean : beans) {
                try {
                    table.register(bean.namespace(), bean.target(), bean.userClass());
                } catch (TractorException e) {
                    throw new BeanCreationException(bean.beanName(), "Cannot expose the actor functions of bean '"
                            + bean.beanName() + "': " + e.getMessage(), e);
                }
            }
        });
        List<ActorFunctionDescriptor> descriptors = new ArrayList<>();
        for (FunctionInfo info : described) {
            descriptors.add(describe(info, beanNames.get(info.target())));
        }
        return new Discovered(List.copyOf(beans), List.copyOf(descriptors));
    }

    private static ActorFunctionDescriptor describe(FunctionInfo info, String beanName) {
        List<ActorFunctionDescriptor.Parameter> params = info.parameters().stream()
                .map(p -> new ActorFunctionDescriptor.Parameter(p.name(), p.type())).toList();
        return new ActorFunctionDescriptor(info.namespace(), info.name(), info.functype(), params, beanName);
    }

    private record Discovered(List<ExposedBean> beans, List<ActorFunctionDescriptor> descriptors) {
    }
}
