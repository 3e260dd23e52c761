/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_NS3_COMPAT_H
#define MLD_NS3_COMPAT_H

/**
 * \file
 * \ingroup mld
 * The ns-3 API differences that the module meets between ns-3.35 and ns-3-dev, in one place.
 *
 * Every form here is chosen so that it needs no version test: it is taken from the
 * declaration this ns-3 has (RouteInput's parameters), detected (GetDadTimeout), or
 * written with an API that every version has (EventId::IsExpired, MakeEvent with a
 * function pointer). The rest of the module, its examples and its tests use these
 * names and never test a version.
 *
 * | difference | ns-3 versions | here |
 * |---|---|---|
 * | RouteInput's callbacks by `const&` | 3.39 on | RouteInputArg |
 * | EventId::IsRunning deprecated, then removed for IsPending | 3.42, 3.46 | IsPending |
 * | Icmpv6L4Protocol::GetDadTimeout (DAD took 1 s before) | 3.37 on | DadTimeout |
 * | Simulator::Schedule of a capturing lambda | 3.36 on | ScheduleCallable |
 * | EnumValue, EnumChecker and MakeEnumAccessor templates of the enum type | 3.41 on |
 * MakeEnumValue, MakeEnumCheckerFor, MakeEnumAccessorFor (detected) |
 * | `*L4Protocol::PROT_NUMBER` deprecated for `iana::internetprotocolnumbers` | ns-3-dev | that
 * namespace, declared here where ns-3 lacks it | | `PcapHelper::DLT_*` deprecated for
 * `iana::linktype` | ns-3-dev | the same | | `Ipv6L3Protocol::PROT_NUMBER` deprecated for
 * `iana::ieee802numbers::IPV6` | ns-3-dev | the same |
 */

#include "ns3/enum.h"
#include "ns3/event-id.h"
#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/simulator.h"

// ns-3-dev: the IANA protocol numbers replace the protocols' PROT_NUMBER. Older ns-3 gets
// the numbers the module uses, under the same names (a test of the header, not of the
// version).
#if __has_include("ns3/iana-internet-protocol-numbers.h")
#include "ns3/iana-internet-protocol-numbers.h"
#else
#include <cstdint>

namespace ns3
{
namespace iana
{
namespace internetprotocolnumbers
{
constexpr uint8_t HOPOPT = 0;  //!< IPv6 Hop-by-Hop Option [RFC8200]
constexpr uint8_t UDP = 17;    //!< User Datagram [RFC768]
constexpr uint8_t ICMPV6 = 58; //!< ICMP for IPv6 [RFC8200]
} // namespace internetprotocolnumbers
} // namespace iana
} // namespace ns3
#endif

// ns-3-dev: the IANA link types replace PcapHelper's DLT_* values, the same way.
#if __has_include("ns3/iana-link-type-numbers.h")
#include "ns3/iana-link-type-numbers.h"
#else
#include <cstdint>

namespace ns3
{
namespace iana
{
namespace linktype
{
constexpr uint16_t ETHERNET = 1; //!< IEEE 802.3 Ethernet
} // namespace linktype
} // namespace iana
} // namespace ns3
#endif

// ns-3-dev: the IANA EtherTypes replace Ipv6L3Protocol::PROT_NUMBER, the same way.
#if __has_include("ns3/iana-ieee802-numbers.h")
#include "ns3/iana-ieee802-numbers.h"
#else
#include <cstdint>

namespace ns3
{
namespace iana
{
namespace ieee802numbers
{
constexpr uint16_t IPV6 = 0x86DD; //!< IPv6 EtherType [RFC2464]
} // namespace ieee802numbers
} // namespace iana
} // namespace ns3
#endif

#include <cstddef>
#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>

namespace ns3
{
namespace mldcompat
{

/// \cond internal
template <typename Method>
struct MethodParameters;

template <typename R, typename C, typename... Args>
struct MethodParameters<R (C::*)(Args...)>
{
    using Tuple = std::tuple<Args...>;
};

template <typename T, typename = void>
struct HasDadTimeout : std::false_type
{
};

template <typename T>
struct HasDadTimeout<T, std::void_t<decltype(std::declval<const T&>().GetDadTimeout())>>
    : std::true_type
{
};

template <typename T, typename M, typename = void>
struct HasTypedEnumValue : std::false_type
{
};

template <typename T, typename M>
struct HasTypedEnumValue<T, M, std::void_t<decltype(MakeEnumAccessor<T, M>(std::declval<M>()))>>
    : std::true_type
{
};

inline void
InvokeCallable(std::function<void()> callable)
{
    callable();
}

/// \endcond

/**
 * The type of parameter \p I of Ipv6RoutingProtocol::RouteInput as this ns-3 declares it:
 * the four callbacks are passed by value up to ns-3.38 and by const reference from 3.39.
 * An override that names its parameters through this alias overrides in every version.
 */
template <std::size_t I>
using RouteInputArg = std::tuple_element_t<
    I,
    typename MethodParameters<decltype(&Ipv6RoutingProtocol::RouteInput)>::Tuple>;

/**
 * \param event an event
 * \return true while \p event is scheduled and neither cancelled nor expired: what
 *         EventId::IsPending (3.42 on) and IsRunning (up to 3.45) return.
 */
inline bool
IsPending(const EventId& event)
{
    return !event.IsExpired();
}

/**
 * \param icmp the node's ICMPv6 protocol (not null)
 * \return how long Duplicate Address Detection lasts on it: its DadTimeout attribute
 *         where it has one (3.37 on), else 1 s, the fixed DAD time of older ns-3.
 */
template <typename Icmpv6 = Icmpv6L4Protocol>
Time
DadTimeout(const Ptr<Icmpv6>& icmp)
{
    if constexpr (HasDadTimeout<Icmpv6>::value)
    {
        return icmp->GetDadTimeout();
    }
    else
    {
        return Seconds(1);
    }
}

/**
 * Schedule a callable object, such as a capturing lambda: Simulator::Schedule takes one
 * directly from ns-3.36 on; this form also works with ns-3.35.
 * \param delay when, from now
 * \param callable what to call then, with no argument
 * \return the event
 */
template <typename Callable>
EventId
ScheduleCallable(const Time& delay, Callable&& callable)
{
    return Simulator::Schedule(delay,
                               &InvokeCallable,
                               std::function<void()>(std::forward<Callable>(callable)));
}

/**
 * An enum attribute value: EnumValue<T> from ns-3.41 on, EnumValue of an int before.
 * (Users set an enum attribute the same way in every version with its name, StringValue.)
 * \param value the enum value
 * \return the attribute value
 */
template <typename T>
auto
MakeEnumValue(T value)
{
    if constexpr (HasTypedEnumValue<T, int>::value)
    {
        return EnumValue(value);
    }
    else
    {
        return EnumValue(static_cast<int>(value));
    }
}

/// \cond internal
/**
 * An accessor of an enum attribute kept in a member of enum type T, for EnumValue (an int,
 * before 3.41) and EnumValue<T> alike: V is the value type MakeEnumValue gives.
 */
template <typename C, typename T, typename V>
class EnumMemberAccessor : public AttributeAccessor
{
  public:
    /// \param member the member
    explicit EnumMemberAccessor(T C::*member)
        : m_member(member)
    {
    }

    bool Set(ObjectBase* object, const AttributeValue& value) const override
    {
        auto* obj = dynamic_cast<C*>(object);
        const auto* v = dynamic_cast<const V*>(&value);
        if (!obj || !v)
        {
            return false;
        }
        obj->*m_member = static_cast<T>(v->Get());
        return true;
    }

    bool Get(const ObjectBase* object, AttributeValue& value) const override
    {
        const auto* obj = dynamic_cast<const C*>(object);
        auto* v = dynamic_cast<V*>(&value);
        if (!obj || !v)
        {
            return false;
        }
        v->Set(static_cast<decltype(std::declval<const V&>().Get())>(obj->*m_member));
        return true;
    }

    bool HasGetter() const override
    {
        return true;
    }

    bool HasSetter() const override
    {
        return true;
    }

  private:
    T C::*m_member; //!< the member
};

/// \endcond

/**
 * The accessor of an enum attribute kept in a member of enum type \p T.
 * \param member the member
 * \return the accessor
 */
template <typename T, typename C>
Ptr<const AttributeAccessor>
MakeEnumAccessorFor(T C::*member)
{
    using V = decltype(MakeEnumValue(T{}));
    return Ptr<const AttributeAccessor>(new EnumMemberAccessor<C, T, V>(member), false);
}

/**
 * The checker of an enum attribute with two values.
 * \param v1 a value \param n1 its name \param v2 a value \param n2 its name
 * \return the checker
 */
template <typename T>
Ptr<const AttributeChecker>
MakeEnumCheckerFor(T v1, std::string n1, T v2, std::string n2)
{
    if constexpr (HasTypedEnumValue<T, int>::value)
    {
        return MakeEnumChecker(v1, n1, v2, n2);
    }
    else
    {
        return MakeEnumChecker(static_cast<int>(v1), n1, static_cast<int>(v2), n2);
    }
}

/**
 * The checker of an enum attribute with three values.
 * \param v1 a value \param n1 its name \param v2 a value \param n2 its name
 * \param v3 a value \param n3 its name
 * \return the checker
 */
template <typename T>
Ptr<const AttributeChecker>
MakeEnumCheckerFor(T v1, std::string n1, T v2, std::string n2, T v3, std::string n3)
{
    if constexpr (HasTypedEnumValue<T, int>::value)
    {
        return MakeEnumChecker(v1, n1, v2, n2, v3, n3);
    }
    else
    {
        return MakeEnumChecker(static_cast<int>(v1),
                               n1,
                               static_cast<int>(v2),
                               n2,
                               static_cast<int>(v3),
                               n3);
    }
}

} // namespace mldcompat
} // namespace ns3

#endif /* MLD_NS3_COMPAT_H */
