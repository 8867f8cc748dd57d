package dev.fpmjms.jndi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.function.BiFunction;
import javax.naming.Binding;
import javax.naming.CompositeName;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.NameClassPair;
import javax.naming.NameNotFoundException;
import javax.naming.NameParser;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.NotContextException;
import javax.naming.OperationNotSupportedException;

/**
 * A flat, read-only JNDI context over a fixed set of bindings made from the environment. A name
 * is looked up as one string ({@code jms/orders} is a single name, not a subcontext).
 *
 * <p>Thread-safe: the bindings never change; the environment is a synchronized Hashtable. Lookups
 * return the same bound instance every time. {@link #close()} releases nothing: the bound
 * connection factories live on.
 */
final class FpmContext implements Context {
    private final Map<String, Object> bindings;
    private final Hashtable<Object, Object> environment;

    FpmContext(Map<String, Object> bindings, Hashtable<?, ?> environment) {
        this.bindings = Collections.unmodifiableMap(new TreeMap<>(bindings));
        this.environment = environment == null ? new Hashtable<>() : new Hashtable<>(environment);
    }

    @Override
    public Object lookup(String name) throws NamingException {
        if (name.isEmpty()) {
            return new FpmContext(bindings, environment);
        }
        Object o = bindings.get(name);
        if (o == null) {
            NameNotFoundException e = new NameNotFoundException("fpm-jms JNDI: nothing is bound to '" + name
                    + "'; bound names: " + bindings.keySet()
                    + " (bind with connectionFactory.<name>=<fpm URI> or queue.<name>=<queue name>)");
            e.setRemainingName(new CompositeName().add(name));
            throw e;
        }
        return o;
    }

    @Override
    public Object lookup(Name name) throws NamingException {
        return lookup(name.toString());
    }

    @Override
    public Object lookupLink(String name) throws NamingException {
        return lookup(name);
    }

    @Override
    public Object lookupLink(Name name) throws NamingException {
        return lookup(name);
    }

    @Override
    public NamingEnumeration<NameClassPair> list(String name) throws NamingException {
        return enumerate(name, (n, o) -> new NameClassPair(n, o.getClass().getName()));
    }

    @Override
    public NamingEnumeration<NameClassPair> list(Name name) throws NamingException {
        return list(name.toString());
    }

    @Override
    public NamingEnumeration<Binding> listBindings(String name) throws NamingException {
        return enumerate(name, Binding::new);
    }

    @Override
    public NamingEnumeration<Binding> listBindings(Name name) throws NamingException {
        return listBindings(name.toString());
    }

    private <T> NamingEnumeration<T> enumerate(String name, BiFunction<String, Object, T> item) throws NamingException {
        if (!name.isEmpty()) {
            lookup(name);
            throw new NotContextException("fpm-jms JNDI: '" + name + "' is not a context; list the root context \"\"");
        }
        List<T> items = new ArrayList<>();
        bindings.forEach((n, o) -> items.add(item.apply(n, o)));
        return new IteratorEnumeration<>(items.iterator());
    }

    private static OperationNotSupportedException readOnly(String what) {
        return new OperationNotSupportedException("fpm-jms JNDI context is read-only, cannot " + what
                + ": its bindings come from the environment (connectionFactory.<name>, queue.<name>)");
    }

    @Override
    public void bind(Name name, Object obj) throws NamingException {
        throw readOnly("bind " + name);
    }

    @Override
    public void bind(String name, Object obj) throws NamingException {
        throw readOnly("bind " + name);
    }

    @Override
    public void rebind(Name name, Object obj) throws NamingException {
        throw readOnly("rebind " + name);
    }

    @Override
    public void rebind(String name, Object obj) throws NamingException {
        throw readOnly("rebind " + name);
    }

    @Override
    public void unbind(Name name) throws NamingException {
        throw readOnly("unbind " + name);
    }

    @Override
    public void unbind(String name) throws NamingException {
        throw readOnly("unbind " + name);
    }

    @Override
    public void rename(Name oldName, Name newName) throws NamingException {
        throw readOnly("rename " + oldName);
    }

    @Override
    public void rename(String oldName, String newName) throws NamingException {
        throw readOnly("rename " + oldName);
    }

    @Override
    public void destroySubcontext(Name name) throws NamingException {
        throw readOnly("destroy " + name);
    }

    @Override
    public void destroySubcontext(String name) throws NamingException {
        throw readOnly("destroy " + name);
    }

    @Override
    public Context createSubcontext(Name name) throws NamingException {
        throw readOnly("create " + name);
    }

    @Override
    public Context createSubcontext(String name) throws NamingException {
        throw readOnly("create " + name);
    }

    @Override
    public NameParser getNameParser(Name name) {
        return CompositeName::new;
    }

    @Override
    public NameParser getNameParser(String name) {
        return CompositeName::new;
    }

    @Override
    public Name composeName(Name name, Name prefix) throws NamingException {
        return ((Name) prefix.clone()).addAll(name);
    }

    @Override
    public String composeName(String name, String prefix) throws NamingException {
        return composeName(new CompositeName(name), new CompositeName(prefix)).toString();
    }

    @Override
    public Object addToEnvironment(String propName, Object propVal) {
        return environment.put(propName, propVal);
    }

    @Override
    public Object removeFromEnvironment(String propName) {
        return environment.remove(propName);
    }

    @Override
    public Hashtable<?, ?> getEnvironment() {
        return new Hashtable<>(environment);
    }

    @Override
    public void close() {
        // Nothing to release: the bound factories are owned by the application.
    }

    @Override
    public String getNameInNamespace() {
        return "";
    }

    /** A NamingEnumeration over a list made in advance. */
    private static final class IteratorEnumeration<T> implements NamingEnumeration<T> {
        private final Iterator<T> items;

        IteratorEnumeration(Iterator<T> items) {
            this.items = items;
        }

        @Override
        public T next() {
            return nextElement();
        }

        @Override
        public boolean hasMore() {
            return items.hasNext();
        }

        @Override
        public boolean hasMoreElements() {
            return items.hasNext();
        }

        @Override
        public T nextElement() {
            if (!items.hasNext()) {
                throw new NoSuchElementException("no more bindings");
            }
            return items.next();
        }

        @Override
        public void close() {
            // Nothing to release.
        }
    }
}
